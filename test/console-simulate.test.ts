import { describe, expect, it } from "vitest";
import { simulate } from "./helpers/simulate.js";

// The console's pause, resume and notice are scenario lines like the other officer actions:
// `simulate` replays them with the same core as the hub (docs/protocol.md).

const at = (clock: string) => `2026-11-23T${clock}:00+07:00`; // a Monday

describe("simulate replays the console's pause, resume and notice", () => {
  it("names the officer on the event a pause causes, and a paused counter calls nobody", () => {
    const run = simulate([
      { at: at("07:45"), type: "ticket", service: "TP" },
      { at: at("07:46"), type: "ticket", service: "TP" },
      { at: at("07:50"), type: "press", counter: "1", button: "next" },
      { at: at("07:55"), type: "press", counter: "1", button: "pause", officer: "can-bo-1" },
      { at: at("07:56"), type: "press", counter: "1", button: "next" },
      { at: at("07:57"), type: "press", counter: "1", button: "resume", officer: "can-bo-1" },
      { at: at("07:58"), type: "press", counter: "1", button: "next" },
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.events.slice(2).map((e) => [e.at, e.type, e.label, e.officer])).toEqual([
      [at("07:50"), "called", "TP-001", undefined],
      [at("07:55"), "served", "TP-001", "can-bo-1"],
      [at("07:58"), "called", "TP-002", undefined],
    ]);
  });

  it("writes the notice with its officer, cleared by an empty line; a notice without an officer is skipped", () => {
    const run = simulate([
      { at: at("07:45"), type: "notice", text: "Chiều nay nghỉ họp từ 15:00", officer: "lanh-dao" },
      { at: at("07:46"), type: "notice", text: "", officer: "lanh-dao" },
      { at: at("07:47"), type: "notice", text: "không ai ký" },
      { at: at("07:48"), type: "notice", text: "x".repeat(121), officer: "lanh-dao" },
    ]);
    expect(run.events).toEqual([
      { at: at("07:45"), type: "notice", text: "Chiều nay nghỉ họp từ 15:00", officer: "lanh-dao" },
      { at: at("07:46"), type: "notice", text: "", officer: "lanh-dao" },
    ]);
    expect(run.stderr).toContain("scenario line 3 skipped");
    expect(run.stderr).toContain("scenario line 4 skipped");
    expect(run.code).toBe(1);
  });
});
