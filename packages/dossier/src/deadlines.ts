import type { SimEvent, StaffNotice, StaffTasks } from "@motcua/protocol";
import { shortRef } from "./codes.js";
import { DeskLifecycle, type Entry, unique } from "./lifecycle.js";
import type { DeskTimer } from "./timers.js";
import type { DeskCtx, StepRecord } from "./types.js";

// The deadlines and what officers see: the warning at the share of a step's budget, the overdue
// notice at its due instant, the dossier's lateness at its own; each fires once, after the inputs
// of its instant. Then each officer's open steps and the inbox notices an event makes.

export abstract class DeskDeadlines extends DeskLifecycle {
  // ---- timers ---------------------------------------------------------------------------

  /** The earliest live timer's instant; the core fires it for inputs strictly after it. */
  nextTimerAt(): number | undefined {
    for (;;) {
      const top = this.timers.peek();
      if (top === undefined) return undefined;
      if (this.isLive(top)) return top.at;
      this.timers.pop();
    }
  }

  /** Fires the earliest live timer; its events carry the timer's own time. */
  fireNextTimer(events: SimEvent[]): void {
    if (this.nextTimerAt() === undefined) return;
    const timer = this.timers.pop() as DeskTimer;
    const entry = this.entries.get(timer.code) as Entry;
    const ctx: DeskCtx = { at: timer.at, atText: this.days.format(timer.at), events };
    const r = entry.record;
    if (timer.kind === "late") {
      r.late = true;
      ctx.events.push({ at: ctx.atText, type: "dossier_late", code: r.code, due: this.days.format(r.due) });
      const text = this.texts.apology(shortRef(r.code), entry.procedureName, this.shown(r.due));
      for (const leader of this.leadersOf(r.service)) this.smsOfficer(entry, ctx, leader, text);
      return;
    }
    const step = this.current(entry) as StepRecord;
    const holder = this.officers.get(step.officer)?.name ?? step.officer;
    const notified = unique([step.officer, ...this.leadersOf(r.service)]);
    const short = shortRef(r.code);
    const due = this.shown(step.due);
    const common = {
      code: r.code,
      step: step.step,
      officer: step.officer,
      due: this.days.format(step.due),
      notified,
    };
    let text: string;
    if (timer.kind === "warning") {
      step.warned = true;
      ctx.events.push({ at: ctx.atText, type: "step_warning", ...common });
      text = this.texts.warning(short, step.step, step.name, holder, due);
    } else {
      step.overdue = true;
      ctx.events.push({ at: ctx.atText, type: "step_overdue", ...common });
      text = this.texts.overdue(short, step.step, step.name, holder, due);
    }
    for (const id of notified) this.smsOfficer(entry, ctx, id, text);
  }

  protected isLive(t: DeskTimer): boolean {
    const entry = this.entries.get(t.code);
    if (entry === undefined) return false;
    const r = entry.record;
    if (r.phase !== "in_progress") return false;
    if (t.kind === "late") return t.gen === entry.dossierGen && !r.late;
    const step = this.current(entry);
    if (step === undefined || t.gen !== entry.stepGen) return false;
    return t.kind === "warning" ? !step.warned : !step.overdue;
  }

  // ---- what officers see -----------------------------------------------------------------

  /** The officer's open steps (`staff/{officer}/tasks`), the most urgent first. */
  tasksOf(officer: string): StaffTasks {
    const tasks: { due: number; code: string; task: StaffTasks[number] }[] = [];
    for (const code of this.open.get(officer) ?? []) {
      const entry = this.entries.get(code) as Entry;
      const step = this.current(entry);
      if (step === undefined || step.officer !== officer) continue;
      tasks.push({
        due: step.due,
        code,
        task: {
          code,
          procedure: entry.record.procedure,
          step: step.step,
          name: step.name,
          due: this.days.format(step.due),
          state: step.overdue ? "overdue" : step.warned ? "warning" : "on_time",
          paused: entry.record.phase === "paused",
        },
      });
    }
    // Running steps before paused ones (their clocks stand still), then by due instant.
    tasks.sort(
      (a, b) =>
        Number(a.task.paused) - Number(b.task.paused) ||
        a.due - b.due ||
        (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
    );
    return tasks.map((t) => t.task);
  }

  /** Who an event tells on `staff/{officer}/inbox`, and what. */
  noticesOf(event: SimEvent): { officer: string; notice: StaffNotice }[] {
    const notice = (kind: StaffNotice["kind"], code: string, step: number, due: string) => ({
      kind,
      code,
      step,
      due,
      at: event.at,
    });
    switch (event.type) {
      case "step_started":
        return [{ officer: event.officer, notice: notice("step", event.code, event.step, event.due) }];
      case "step_reassigned": {
        const step = this.entries.get(event.code)?.record.steps[event.step - 1];
        if (step === undefined) return [];
        return [
          { officer: event.to, notice: notice("step", event.code, event.step, this.days.format(step.due)) },
        ];
      }
      case "step_warning":
      case "step_overdue": {
        const kind = event.type === "step_warning" ? "warning" : "overdue";
        return event.notified.map((officer) => ({
          officer,
          notice: notice(kind, event.code, event.step, event.due),
        }));
      }
      case "dossier_late": {
        const r = this.entries.get(event.code)?.record;
        if (r === undefined) return [];
        const step = r.steps.at(-1)?.step ?? 1;
        return this.leadersOf(r.service).map((officer) => ({
          officer,
          notice: notice("apology", event.code, step, event.due),
        }));
      }
      default:
        return [];
    }
  }
}
