// The page reads the hub's messages with the contract's schemas (@motcua/protocol): a provincial
// centre's board, far over what a device may send, must still be read.
import { MAX_HUB_PAYLOAD_BYTES, MAX_PAYLOAD_BYTES } from "@motcua/protocol";
import { describe, expect, it } from "vitest";
import { readMessage } from "../web/model.js";

const at = "2026-11-25T08:00:00+07:00";
function board(appointments: number) {
  return {
    at,
    date: "2026-11-25",
    session: "morning",
    counters: Array.from({ length: 40 }, (_, i) => ({
      counter: String(i + 1),
      status: "open",
      waiting: 3,
      serving: {
        number: i + 1,
        label: `TP-${String(i + 1).padStart(3, "0")}`,
        service: "TP",
        kind: "walkin",
        calledAt: at,
      },
    })),
    waiting: { TP: 4 },
    appointments: Array.from({ length: appointments }, (_, i) => ({
      number: i + 1,
      label: `KS-${String(i + 1).padStart(3, "0")}`,
      service: "TP",
      counter: String((i % 40) + 1),
      time: "2026-11-25T09:00:00+07:00",
      status: "booked",
    })),
  };
}

describe("the page's reading of a large board", () => {
  it("reads a day of 1,000 appointments on 40 counters (over a device's 16 KiB)", () => {
    const bytes = new TextEncoder().encode(JSON.stringify(board(1000)));
    expect(bytes.byteLength).toBeGreaterThan(MAX_PAYLOAD_BYTES);
    const read = readMessage("son-tay", "motcua/son-tay/board", bytes, true);
    expect(read?.kind === "board" && read.board.appointments.length).toBe(1000);
  });

  it("ignores one over the hub's limit, and one that breaks the contract", () => {
    const huge = new Uint8Array(MAX_HUB_PAYLOAD_BYTES + 1).fill(0x20);
    expect(readMessage("son-tay", "motcua/son-tay/board", huge, true)).toBeUndefined();
    const wrong = { ...board(1), session: "evening" };
    expect(readMessage("son-tay", "motcua/son-tay/board", JSON.stringify(wrong), true)).toBeUndefined();
  });
});
