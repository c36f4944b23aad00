import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import {
  encodeStatus,
  type PrinterCondition,
  ticketBytes,
  type UsbAdapter,
  type UsbEndpoint,
  UsbPrinter,
} from "../src/index.js";
import { parseEscPos } from "./escpos-parser.js";
import { sample } from "./sample.js";

/**
 * A USB printer as escpos-usb presents it: a device with a bulk OUT endpoint (written by
 * escpos-usb's `write`) and a bulk IN endpoint that gives the answer to the last `DLE EOT n`.
 */
class FakeUsbPrinter extends EventEmitter implements UsbAdapter {
  written: Buffer[] = [];
  condition: PrinterCondition = "ok";
  opened = 0;
  closed = 0;
  private pending: number | undefined;
  readonly input: UsbEndpoint = {
    direction: "in",
    timeout: 0,
    transfer: (_length, callback) => {
      const n = this.pending;
      this.pending = undefined;
      if (n === undefined) setTimeout(() => callback(new Error("LIBUSB_TRANSFER_TIMED_OUT")), 5);
      else {
        const s = encodeStatus(this.condition);
        const answer = n === 1 ? s.printer : n === 2 ? s.offline : n === 3 ? s.error : s.paper;
        setImmediate(() => callback(undefined, Buffer.of(answer as number)));
      }
      return undefined;
    },
  };
  device = {
    interfaces: [{ endpoints: [{ direction: "out" as const, timeout: 0, transfer: () => 0 }, this.input] }],
  };
  open(callback: (error: Error | null) => void) {
    this.opened++;
    setImmediate(() => callback(null));
    return this;
  }
  write(data: Buffer, callback: (error?: Error) => void) {
    if (data.length === 3 && data[0] === 0x10 && data[1] === 0x04) this.pending = data[2];
    else this.written.push(Buffer.from(data));
    setImmediate(() => callback());
    return this;
  }
  close(callback?: (error: Error | null) => void) {
    this.closed++;
    callback?.(null);
    return this;
  }
}

describe("the USB backend (escpos-usb)", () => {
  it("reads the status through the IN endpoint and prints through escpos-usb's write", async () => {
    const fake = new FakeUsbPrinter();
    const printer = new UsbPrinter({ vid: 0x0416, pid: 0x5011, adapter: () => fake });
    expect(printer.name).toBe("usb:0416:5011");
    expect(await printer.status()).toEqual({ condition: "ok", paperLow: false, answered: true });
    fake.condition = "paper_out";
    expect(await printer.status()).toMatchObject({ condition: "paper_out", paperLow: true });
    fake.condition = "ok";
    const bytes = ticketBytes(sample);
    await printer.print(bytes);
    const sent = Buffer.concat(fake.written);
    expect(sent.equals(Buffer.from(bytes))).toBe(true);
    expect(parseEscPos(sent)[0]?.op).toBe("init");
    expect(fake.opened).toBe(1);
    await printer.close();
    expect(fake.closed).toBe(1);
  });

  it("unplugged: libusb's detach drops the device; the next status looks for it again", async () => {
    let present = true;
    const made: FakeUsbPrinter[] = [];
    const printer = new UsbPrinter({
      adapter: () => {
        if (!present) throw new Error("Can not find printer");
        const f = new FakeUsbPrinter();
        made.push(f);
        return f;
      },
    });
    expect((await printer.status()).condition).toBe("ok");
    present = false;
    made[0]?.emit("detach");
    expect(await printer.status()).toMatchObject({ condition: "unplugged", detail: /Can not find printer/ });
    await expect(printer.print(ticketBytes(sample))).rejects.toMatchObject({ code: "PRINTER_UNPLUGGED" });
    present = true;
    expect((await printer.status()).condition).toBe("ok");
    expect(made).toHaveLength(2);
    await printer.close();
  });

  it("a printer without an IN endpoint (or that does not answer) is ok, unanswered", async () => {
    const fake = new FakeUsbPrinter();
    fake.device = { interfaces: [{ endpoints: [] }] };
    const printer = new UsbPrinter({ adapter: () => fake });
    expect(await printer.status()).toMatchObject({ condition: "ok", answered: false });
  });

  it("with the real escpos-usb and libusb, no printer on this machine is `unplugged`", async () => {
    const printer = new UsbPrinter();
    const status = await printer.status();
    expect(status.condition).toBe("unplugged");
    await expect(printer.print(ticketBytes(sample))).rejects.toMatchObject({ code: "PRINTER_UNPLUGGED" });
    await printer.close();
  });
});
