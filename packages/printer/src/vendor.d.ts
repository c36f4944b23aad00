// escpos 3.x and escpos-usb 3.x ship no types: the little used here.

/** escpos's command table: every entry is a string of byte values (`"\x1b\x40"`). No dependencies. */
declare module "escpos/commands.js" {
  const commands: {
    HARDWARE: { HW_INIT: string };
    TEXT_FORMAT: { TXT_ALIGN_LT: string; TXT_ALIGN_CT: string; TXT_ALIGN_RT: string };
    PAPER: { PAPER_FULL_CUT: string; PAPER_PART_CUT: string; PAPER_CUT_A: string; PAPER_CUT_B: string };
    GSV0_FORMAT: { GSV0_NORMAL: string };
  };
  export default commands;
}

/** escpos's real-time status classes; `commands()` is the `DLE EOT n` request. Requires only the table. */
declare module "escpos/statuses.js" {
  interface StatusClass {
    commands(): string[];
    new (
      byte: number,
    ): { toJSON(): { statuses: Array<{ bit: number | string; status: string; label: string }> } };
  }
  const statuses: {
    PrinterStatus: StatusClass;
    OfflineCauseStatus: StatusClass;
    ErrorCauseStatus: StatusClass;
    RollPaperSensorStatus: StatusClass;
  };
  export default statuses;
}

/**
 * escpos's Printer (its index module, which loads get-pixels and `request`): only the tests
 * load it, to check that the bytes built in escpos.ts are the ones its methods write.
 */
declare module "escpos" {
  class Image {
    constructor(pixels: { data: Uint8Array; shape: [number, number, number] });
  }
  class Printer {
    constructor(adapter: unknown, options?: { encoding?: string; width?: number });
    buffer: { flush(): Buffer };
    hardware(name: "init"): this;
    align(align: "lt" | "ct" | "rt"): this;
    raster(image: Image, mode?: "normal"): this;
    cut(partial?: boolean, feed?: number): this;
    feed(lines?: number): this;
    raw(data: Buffer | string): this;
  }
  const escpos: { Printer: typeof Printer; Image: typeof Image };
  export default escpos;
}

declare module "escpos-usb" {
  import type { EventEmitter } from "node:events";

  interface Endpoint {
    direction: "in" | "out";
    timeout: number;
    transfer(data: Buffer | number, callback: (error: Error | undefined, data?: Buffer) => void): unknown;
  }
  class USB extends EventEmitter {
    constructor(vid?: number, pid?: number);
    device: { interfaces?: Array<{ endpoints: Endpoint[] }> } | null;
    open(callback: (error: Error | null) => void): this;
    write(data: Buffer, callback: (error?: Error) => void): this;
    close(callback?: (error: Error | null) => void): this;
    static findPrinter(): unknown[];
  }
  export default USB;
}
