// The log's inputs name what earlier replies gave the citizen or the officer: a booking's code
// (`HUY K7M2QX`, a check-in), a ticket's number (`call TP-012`), a dossier's code (`XONG …`).
// Under another configuration the same requests may get other codes and numbers, or none at
// all; this table pairs what the log gave with what the new replay gave, input by input, and
// rewrites the later inputs to name the new ones (docs/whatif.md, "Replayed as recorded").
import type { SimEvent, SimInput } from "@motcua/protocol";

/** `TP-005`, `tp5`, `TP005` → `TP-5`; undefined for what is not a label. */
export function labelKey(label: string): string | undefined {
  const text = label.trim().toUpperCase();
  const dash = text.lastIndexOf("-");
  const match = dash > 0 ? /^([A-Z0-9]+)-0*(\d+)$/.exec(text) : /^([A-Z]+)0*(\d+)$/.exec(text);
  if (!match) return undefined;
  return `${match[1]}-${Number(match[2])}`;
}

/** A dossier code's short form is its last two parts (`261207-0001`); a booking code has one part. */
function codeKeys(code: string): string[] {
  const upper = code.toUpperCase();
  const parts = upper.split("-");
  return parts.length >= 3 ? [upper, parts.slice(-2).join("-")] : [upper];
}

/** Characters a citizen may end a word of an SMS with (docs/rules.md, "SMS"). */
const TRAILING = /[.,;:!?]+$/;

export type Rewritten = { input: SimInput } | { drop: string };

export class Identifiers {
  /** Recorded code (upper case, and a dossier's short form) → the new replay's, null when it has none. */
  private readonly codes = new Map<string, string | null>();
  /** `day|label key` recorded → the new replay's label, null when none. */
  private readonly labels = new Map<string, string | null>();
  /** `day|label key` of the new replay → the recorded label key, for what happened to that citizen. */
  private readonly recordedOf = new Map<string, string>();

  pairCode(recorded: string, replayed: string | undefined): void {
    const keys = codeKeys(recorded);
    const newKeys = replayed === undefined ? [] : codeKeys(replayed);
    keys.forEach((k, i) => {
      this.codes.set(k, replayed === undefined ? null : (newKeys[i] ?? replayed));
    });
  }

  pairLabel(day: string, recorded: string, replayed: string | undefined): void {
    const key = labelKey(recorded);
    if (key === undefined) return;
    this.labels.set(`${day}|${key}`, replayed ?? null);
    const newKey = replayed === undefined ? undefined : labelKey(replayed);
    if (newKey !== undefined) this.recordedOf.set(`${day}|${newKey}`, key);
  }

  /** The recorded label key of a number the new replay gave on `day` (itself when unpaired). */
  recordedLabel(day: string, label: string): string | undefined {
    const key = labelKey(label);
    if (key === undefined) return undefined;
    return this.recordedOf.get(`${day}|${key}`) ?? (this.labels.has(`${day}|${key}`) ? undefined : key);
  }

  private code(code: string): string | null | undefined {
    return this.codes.get(code.trim().toUpperCase());
  }

  private label(day: string, label: string): string | null | undefined {
    const key = labelKey(label);
    return key === undefined ? undefined : this.labels.get(`${day}|${key}`);
  }

  /**
   * The input as the new replay plays it: codes and labels the log's replies gave replaced by
   * the new replay's; dropped (with the kind of input) when it names something the new replay
   * never gave. A code or label the log never gave (a citizen's typo) stays as it is.
   */
  rewrite(input: SimInput, day: string): Rewritten {
    switch (input.type) {
      case "checkin":
      case "officer_cancel":
      case "step_done":
      case "dossier_supplement":
      case "dossier_supplied":
      case "apology_approved":
      case "dossier_returned":
      case "step_reassign": {
        const code = this.code(input.code);
        if (code === null) return { drop: input.type };
        return { input: code === undefined ? input : { ...input, code } };
      }
      case "call":
      case "transfer":
      case "void": {
        const label = this.label(day, input.label);
        if (label === null) return { drop: input.type };
        return { input: label === undefined ? input : { ...input, label } };
      }
      case "sms":
        return this.rewriteSms(input, day);
      default:
        return { input };
    }
  }

  private rewriteSms(input: Extract<SimInput, { type: "sms" }>, day: string): Rewritten {
    const words = input.text.split(/(\s+)/);
    let changed = false;
    // `TT TP-005` asks after a number; `HUY`, `TT`, `XONG` name codes anywhere in the message.
    const asksNumber = /^\s*(tt|tracuu)\s/i.test(input.text);
    for (let i = 0; i < words.length; i++) {
      const word = (words[i] as string).replace(TRAILING, "");
      if (word === "" || /^\s+$/.test(word)) continue;
      let replacement = this.code(word);
      if (replacement === undefined && asksNumber) replacement = this.label(day, word);
      if (replacement === null) return { drop: "sms" };
      if (replacement !== undefined && replacement.toUpperCase() !== word.toUpperCase()) {
        words[i] = replacement;
        changed = true;
      }
    }
    return { input: changed ? { ...input, text: words.join("") } : input };
  }
}

/** What an input gave that later inputs may name: its booking, ticket, transfer or dossier. */
export interface Given {
  booked?: { code: string; label: string; day: string; time: string; counter: string };
  ticket?: { label: string; day: string };
  transferred?: { label: string; day: string };
  dossier?: string;
  refusal?: string;
}

/** What the input's own decision gave (timers' events, fired before it, are other inputs' doing). */
export function givenBy(input: SimInput, events: readonly SimEvent[]): Given {
  const given: Given = {};
  for (const e of events) {
    if (e.at !== input.at) continue;
    switch (e.type) {
      case "booked":
        given.booked = {
          code: e.code,
          label: e.label,
          day: e.time.slice(0, 10),
          time: e.time,
          counter: e.counter,
        };
        break;
      case "ticket_issued":
        given.ticket = { label: e.label, day: e.at.slice(0, 10) };
        break;
      case "transferred":
        given.transferred = { label: e.newLabel, day: e.at.slice(0, 10) };
        break;
      case "dossier_received":
        given.dossier = e.code;
        break;
      case "rejected":
        given.refusal = e.reason;
        break;
      case "ticket_refused":
        given.refusal = e.reason;
        break;
    }
  }
  return given;
}
