/** A timer of the core: an appointment coming due, or a grace period ending. */
export interface Timer {
  at: number;
  kind: "grace" | "due";
  code: string;
  /** Breaks ties between timers of the same instant: booking order. */
  order: number;
}

// At one instant, grace periods end before appointments come due (no-shows first, then
// calls), and appointments of the same slot come due in booking order.
const KIND_RANK = { grace: 0, due: 1 } as const;

function before(a: Timer, b: Timer): boolean {
  return (a.at - b.at || KIND_RANK[a.kind] - KIND_RANK[b.kind] || a.order - b.order) < 0;
}

/** A binary min-heap of timers: thousands of bookings stay cheap to schedule. */
export class TimerQueue {
  private readonly heap: Timer[] = [];

  get size(): number {
    return this.heap.length;
  }

  peek(): Timer | undefined {
    return this.heap[0];
  }

  push(timer: Timer): void {
    const heap = this.heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as Timer, heap[parent] as Timer)) break;
      [heap[i], heap[parent]] = [heap[parent] as Timer, heap[i] as Timer];
      i = parent;
    }
  }

  pop(): Timer | undefined {
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
        if (l < heap.length && before(heap[l] as Timer, heap[m] as Timer)) m = l;
        if (r < heap.length && before(heap[r] as Timer, heap[m] as Timer)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m] as Timer, heap[i] as Timer];
        i = m;
      }
    }
    return top;
  }
}
