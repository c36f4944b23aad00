import { describe, expect, it } from "vitest";
import { ReturnedArchive } from "../src/archive.js";
import type { DossierRecord } from "../src/types.js";
import { iso, Office } from "./desk-office.js";

// Returned dossiers leave the desk's objects for the archive's columns (docs/dossiers.md,
// "Memory"): whoever reads one afterwards — the control sheet, TT, the report — must see the
// very record the desk held.

/** Does each current step of `code` as its officer, a minute apart from `from`. */
function finish(office: Office, code: string, day: string, minute: number): number {
  for (;;) {
    const r = office.desk.get(code) as DossierRecord;
    if (r.phase !== "in_progress") return minute;
    const step = r.steps.at(-1);
    const at = `${day} ${String(9 + Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
    office.do(at, { type: "step_done", code, officer: step?.officer as string });
    minute += 1;
  }
}

describe("returned dossiers in the archive", () => {
  it("reads back, field for field, the record the desk held before handing it back", () => {
    const office = new Office();
    const first = office.receive("2026-12-07 09:00", "KS");
    const second = office.receive("2026-12-07 09:05", "KS", { phone: "", counter: undefined });
    const third = office.receive("2026-12-07 09:10", "KS");
    let minute = finish(office, first, "2026-12-07", 20);
    minute = finish(office, third, "2026-12-07", minute);
    const before = structuredClone(office.desk.get(third) as DossierRecord);
    office.do("2026-12-07 10:30", { type: "dossier_returned", code: third, officer: "tn-1" });

    expect(office.desk.get(third)).toEqual({
      ...before,
      phase: "returned",
      returnedAt: Date.parse(iso("2026-12-07 10:30")),
    });
    // The short form finds it as before.
    expect(office.desk.get(third.slice(-11))?.code).toBe(third);
    // Receipt order, whichever was handed back first; open work leaves it out.
    expect([...office.desk.records()].map((r) => r.code)).toEqual([first, second, third]);
    expect([...office.desk.records({ returned: false })].map((r) => r.code)).toEqual([first, second]);
    expect(office.desk.size).toBe(3);
  });

  it("refuses every action on a returned dossier as before, and TT still answers", () => {
    const office = new Office();
    const code = office.receive("2026-12-07 09:00", "KS");
    finish(office, code, "2026-12-07", 10);
    office.do("2026-12-07 10:00", { type: "dossier_returned", code, officer: "tn-1" });
    for (const line of [
      { type: "step_done", code, officer: "tn-1" },
      { type: "dossier_returned", code, officer: "tn-1" },
      { type: "dossier_supplement", code, officer: "ld-tp" },
      { type: "step_reassign", code, officer: "ld-tp", to: "cv-tp" },
    ] as const) {
      const { events, refused } = office.input("2026-12-07 10:05", line);
      expect(refused).toMatch(/refused \(not_allowed\)/);
      expect(events).toHaveLength(1);
    }
    const tt = office.tt("2026-12-07 10:06", "0911111111", code.slice(-11));
    expect(tt).toEqual([
      expect.objectContaining({ type: "sms_out", text: expect.stringMatching(/: da tra ket qua\.$/) }),
    ]);
  });
});

describe("ReturnedArchive", () => {
  const step = (n: number, extra: Partial<DossierRecord["steps"][number]> = {}) => ({
    step: n,
    name: `Bước ${n}`,
    role: n === 1 ? "specialist" : "head",
    officer: n === 1 ? "cv-tp" : "ct",
    startedAt: 1_000 * n,
    clockFrom: 1_000 * n + 0.5,
    due: 9_000 * n,
    warned: n === 1,
    overdue: false,
    ...extra,
  });

  it("keeps optional fields absent and present alike, and times that are not whole numbers", () => {
    const full: DossierRecord = {
      code: "H30.99.01-261207-0001",
      procedure: "KS",
      service: "TP",
      name: "Nguyễn Thị Ánh",
      phone: "0912345678",
      receivedBy: "tn-1",
      counter: "1",
      receivedAt: 1_000,
      countFrom: 1_000,
      due: 99_000,
      newDue: 120_000,
      phase: "returned",
      steps: [step(1, { doneAt: 5_000, workedMs: 3_999.5, status: "late" }), step(2, { overdue: true })],
      stepCount: 2,
      readyAt: 100_000,
      readyStatus: "late",
      returnedAt: 110_000,
      late: true,
      handovers: 3,
      smsSegments: 7,
    };
    const bare: DossierRecord = {
      ...full,
      code: "H30.99.01-261207-0002",
      phone: "",
      steps: [],
      late: false,
    };
    delete bare.counter;
    delete bare.newDue;
    delete bare.readyAt;
    delete bare.readyStatus;
    const archive = new ReturnedArchive();
    archive.add(full, "Đăng ký khai sinh");
    archive.add(bare, "Đăng ký khai sinh");
    expect(archive.get(full.code)).toEqual({ record: full, procedureName: "Đăng ký khai sinh" });
    expect(archive.get(bare.code)?.record).toStrictEqual(bare);
    expect(archive.get("H30.99.01-261207-0003")).toBeUndefined();
  });

  it("grows past its first columns' room", () => {
    const archive = new ReturnedArchive();
    for (let i = 0; i < 3_000; i++)
      archive.add(
        {
          code: `H30.99.01-261207-${String(i).padStart(4, "0")}`,
          procedure: "KS",
          service: "TP",
          name: `Người ${i}`,
          phone: "",
          receivedBy: "tn-1",
          receivedAt: 3_000 - i,
          countFrom: 0,
          due: 0,
          phase: "returned",
          steps: [step(1), step(2)],
          stepCount: 2,
          late: false,
          handovers: 2,
          smsSegments: 0,
        },
        "KS",
      );
    expect(archive.size).toBe(3_000);
    expect(archive.get("H30.99.01-261207-2999")?.record.steps.map((s) => s.step)).toEqual([1, 2]);
    // Receipt order, not the order they were handed back.
    const first = [...archive.records()].slice(0, 2).map((r) => r.code);
    expect(first).toEqual(["H30.99.01-261207-2999", "H30.99.01-261207-2998"]);
    // A whole code is this office's: the same short reference under another unit is not it.
    expect(archive.codeOf("261207-0007")).toBe("H30.99.01-261207-0007");
    expect(archive.get("H99.99.99-261207-0007")).toBeUndefined();
  });
});
