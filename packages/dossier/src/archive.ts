import { shortRef } from "./codes.js";
import type { DossierRecord, StepRecord } from "./types.js";

// Returned dossiers, kept in columns rather than objects. A provincial centre returns some
// fifty thousand dossiers in half a year, and the hub must keep every one for the reports, TT
// and the control sheet; as objects (a record, its steps array, five or six step objects, their
// boxed times) each costs about 2 KB of heap, in typed-array columns about a tenth of that
// (bench/README.md, "Dossier tracking"). Nothing changes a returned dossier, so the archive only
// appends; a record is rebuilt, as a fresh object, when someone reads it.

/** Interns the few distinct strings the columns repeat: procedures, services, officers, step names. */
class StringTable {
  private readonly ids = new Map<string, number>();
  private readonly values: string[] = [];

  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }

  value(id: number): string {
    return this.values[id] as string;
  }
}

type NumberArray = Float64Array | Int32Array | Uint8Array;
type ArrayKind = new (length: number) => NumberArray;

/** Equal-length typed arrays that grow together, a row at a time. */
class Columns<K extends string> {
  length = 0;
  private capacity = 0;
  readonly col = {} as Record<K, NumberArray>;

  constructor(private readonly kinds: Record<K, ArrayKind>) {
    this.grow(1024);
  }

  /** The index of a new row, every column zero there. */
  push(): number {
    if (this.length === this.capacity) this.grow(this.capacity * 2);
    return this.length++;
  }

  private grow(capacity: number): void {
    for (const key of Object.keys(this.kinds) as K[]) {
      const next = new this.kinds[key](capacity);
      const old = this.col[key];
      if (old !== undefined) next.set(old);
      this.col[key] = next;
    }
    this.capacity = capacity;
  }
}

const NONE = Number.NaN;
const READY = [undefined, "early", "on_time", "late"] as const;
const STEP_STATUS = [undefined, "on_time", "late"] as const;
const WARNED = 1;
const OVERDUE = 2;

const dossierColumns = {
  /** The code's unit part (`H30.99.01`): the code is it, `-`, and the short reference. */
  unit: Int32Array,
  procedure: Int32Array,
  service: Int32Array,
  receivedBy: Int32Array,
  /** -1: received without a counter. */
  counter: Int32Array,
  procedureName: Int32Array,
  receivedAt: Float64Array,
  countFrom: Float64Array,
  due: Float64Array,
  newDue: Float64Array,
  readyAt: Float64Array,
  returnedAt: Float64Array,
  readyStatus: Uint8Array,
  late: Uint8Array,
  stepCount: Int32Array,
  handovers: Int32Array,
  smsSegments: Int32Array,
  firstStep: Int32Array,
  steps: Int32Array,
};

const stepColumns = {
  step: Int32Array,
  name: Int32Array,
  role: Int32Array,
  officer: Int32Array,
  startedAt: Float64Array,
  clockFrom: Float64Array,
  due: Float64Array,
  doneAt: Float64Array,
  workedMs: Float64Array,
  status: Uint8Array,
  flags: Uint8Array,
};

const orNone = (t: number | undefined) => t ?? NONE;

export class ReturnedArchive {
  private readonly strings = new StringTable();
  private readonly dossiers = new Columns(dossierColumns);
  private readonly steps = new Columns(stepColumns);
  // Names and phones differ from dossier to dossier: plain strings, one slot each. The codes
  // are kept as their short references (`261207-0001`, unique in an office), the index's keys.
  private readonly shorts: string[] = [];
  private readonly names: string[] = [];
  private readonly phones: string[] = [];
  private readonly index = new Map<string, number>();

  get size(): number {
    return this.dossiers.length;
  }

  /** The whole code of the returned dossier whose short reference this is. */
  codeOf(short: string): string | undefined {
    const d = this.index.get(short);
    return d === undefined ? undefined : this.code(d);
  }

  private code(d: number): string {
    return `${this.strings.value(this.dossiers.col.unit[d] as number)}-${this.shorts[d]}`;
  }

  /** Keeps a returned dossier; `procedureName` is the name its SMS texts used. */
  add(r: DossierRecord, procedureName: string): void {
    const s = this.strings;
    const d = this.dossiers.push();
    const c = this.dossiers.col;
    const short = shortRef(r.code);
    c.unit[d] = s.id(r.code.slice(0, r.code.length - short.length - 1));
    c.procedure[d] = s.id(r.procedure);
    c.service[d] = s.id(r.service);
    c.receivedBy[d] = s.id(r.receivedBy);
    c.counter[d] = r.counter === undefined ? -1 : s.id(r.counter);
    c.procedureName[d] = s.id(procedureName);
    c.receivedAt[d] = r.receivedAt;
    c.countFrom[d] = r.countFrom;
    c.due[d] = r.due;
    c.newDue[d] = orNone(r.newDue);
    c.readyAt[d] = orNone(r.readyAt);
    c.returnedAt[d] = orNone(r.returnedAt);
    c.readyStatus[d] = READY.indexOf(r.readyStatus);
    c.late[d] = r.late ? 1 : 0;
    c.stepCount[d] = r.stepCount;
    c.handovers[d] = r.handovers;
    c.smsSegments[d] = r.smsSegments;
    c.firstStep[d] = this.steps.length;
    c.steps[d] = r.steps.length;
    for (const step of r.steps) this.addStep(step);
    this.shorts.push(short);
    this.names.push(r.name);
    this.phones.push(r.phone);
    this.index.set(short, d);
  }

  private addStep(step: StepRecord): void {
    const s = this.strings;
    const i = this.steps.push();
    const c = this.steps.col;
    c.step[i] = step.step;
    c.name[i] = s.id(step.name);
    c.role[i] = s.id(step.role);
    c.officer[i] = s.id(step.officer);
    c.startedAt[i] = step.startedAt;
    c.clockFrom[i] = step.clockFrom;
    c.due[i] = step.due;
    c.doneAt[i] = orNone(step.doneAt);
    c.workedMs[i] = orNone(step.workedMs);
    c.status[i] = STEP_STATUS.indexOf(step.status);
    c.flags[i] = (step.warned ? WARNED : 0) | (step.overdue ? OVERDUE : 0);
  }

  /** The returned dossier with this whole code, rebuilt; undefined when none was returned. */
  get(code: string): { record: DossierRecord; procedureName: string } | undefined {
    const d = this.index.get(shortRef(code));
    if (d === undefined || this.code(d) !== code) return undefined;
    return {
      record: this.record(d),
      procedureName: this.strings.value(this.dossiers.col.procedureName[d] as number),
    };
  }

  /** Every returned dossier, rebuilt, in order of receipt. */
  *records(): IterableIterator<DossierRecord> {
    for (const d of this.receiptOrder()) yield this.record(d);
  }

  /** Receipt instants in receipt order, for merging with the open dossiers. */
  receiptOrder(): Int32Array {
    const order = new Int32Array(this.size);
    for (let d = 0; d < order.length; d++) order[d] = d;
    const at = this.dossiers.col.receivedAt;
    // Returned in the order their results were handed over; the same instant keeps code order.
    const shorts = this.shorts as readonly string[];
    return order.sort((a, b) => {
      const byTime = (at[a] as number) - (at[b] as number);
      if (byTime !== 0) return byTime;
      return (shorts[a] as string) < (shorts[b] as string) ? -1 : 1;
    });
  }

  receivedAt(d: number): number {
    return this.dossiers.col.receivedAt[d] as number;
  }

  record(d: number): DossierRecord {
    const c = this.dossiers.col;
    const str = (id: number | undefined) => this.strings.value(id as number);
    const time = (t: number | undefined) => (Number.isNaN(t) ? undefined : (t as number));
    const steps: StepRecord[] = [];
    const first = c.firstStep[d] as number;
    for (let i = first; i < first + (c.steps[d] as number); i++) steps.push(this.step(i));
    const counter = c.counter[d] as number;
    const newDue = time(c.newDue[d]);
    const readyAt = time(c.readyAt[d]);
    const readyStatus = READY[c.readyStatus[d] as number];
    const returnedAt = time(c.returnedAt[d]);
    return {
      code: this.code(d),
      procedure: str(c.procedure[d]),
      service: str(c.service[d]),
      name: this.names[d] as string,
      phone: this.phones[d] as string,
      receivedBy: str(c.receivedBy[d]),
      ...(counter === -1 ? {} : { counter: str(counter) }),
      receivedAt: c.receivedAt[d] as number,
      countFrom: c.countFrom[d] as number,
      due: c.due[d] as number,
      ...(newDue === undefined ? {} : { newDue }),
      phase: "returned",
      steps,
      stepCount: c.stepCount[d] as number,
      ...(readyAt === undefined ? {} : { readyAt }),
      ...(readyStatus === undefined ? {} : { readyStatus }),
      ...(returnedAt === undefined ? {} : { returnedAt }),
      late: c.late[d] === 1,
      handovers: c.handovers[d] as number,
      smsSegments: c.smsSegments[d] as number,
    };
  }

  private step(i: number): StepRecord {
    const c = this.steps.col;
    const str = (id: number | undefined) => this.strings.value(id as number);
    const doneAt = c.doneAt[i] as number;
    const workedMs = c.workedMs[i] as number;
    const status = STEP_STATUS[c.status[i] as number];
    const flags = c.flags[i] as number;
    return {
      step: c.step[i] as number,
      name: str(c.name[i]),
      role: str(c.role[i]),
      officer: str(c.officer[i]),
      startedAt: c.startedAt[i] as number,
      clockFrom: c.clockFrom[i] as number,
      due: c.due[i] as number,
      ...(Number.isNaN(doneAt) ? {} : { doneAt }),
      ...(Number.isNaN(workedMs) ? {} : { workedMs }),
      ...(status === undefined ? {} : { status }),
      warned: (flags & WARNED) !== 0,
      overdue: (flags & OVERDUE) !== 0,
    };
  }
}
