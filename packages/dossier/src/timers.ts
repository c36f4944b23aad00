// The desk's timers: a step's warning and overdue instants and a dossier's due instant. Each
// carries the generation of what it watches; a timer whose generation moved on (the step was
// done, the dossier paused or resumed) is stale and skipped.

export type DeskTimerKind = "warning" | "overdue" | "late";

export interface DeskTimer {
  at: number;
  kind: DeskTimerKind;
  code: string;
  gen: number;
  /** Scheduling order: breaks ties at one instant after the kind. */
  order: number;
}

// At one instant a warning comes before the overdue notice, and a step's before its dossier's.
const RANK: Record<DeskTimerKind, number> = { warning: 0, overdue: 1, late: 2 };

function before(a: DeskTimer, b: DeskTimer): boolean {
  return (a.at - b.at || RANK[a.kind] - RANK[b.kind] || a.order - b.order) < 0;
}

/** A binary min-heap: fifty thousand open dossiers stay cheap to schedule. */
export class DeskTimers {
  private readonly heap: DeskTimer[] = [];
  private order = 0;

  get size(): number {
    return this.heap.length;
  }

  peek(): DeskTimer | undefined {
    return this.heap[0];
  }

  push(at: number, kind: DeskTimerKind, code: string, gen: number): void {
    const heap = this.heap;
    heap.push({ at, kind, code, gen, order: this.order++ });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as DeskTimer, heap[parent] as DeskTimer)) break;
      [heap[i], heap[parent]] = [heap[parent] as DeskTimer, heap[i] as DeskTimer];
      i = parent;
    }
  }

  pop(): DeskTimer | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l] as DeskTimer, heap[m] as DeskTimer)) m = l;
        if (r < heap.length && before(heap[r] as DeskTimer, heap[m] as DeskTimer)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m] as DeskTimer, heap[i] as DeskTimer];
        i = m;
      }
    }
    return top;
  }
}
