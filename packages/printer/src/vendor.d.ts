// escpos 3.x and escpos-usb 3.x ship no types: the little used here.
declare module "escpos" {
  class Printer {
    constructor(adapter: unknown, options?: { encoding?: string; width?: number });
    raw(data: Buffer | string): this;
    flush(callback?: (error?: Error | null) => void): this;
  }
  const escpos: { Printer: typeof Printer };
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
