import { describe, expect, it } from "vitest";
import { ProcedureIndex, parseMessage } from "../src/index.js";

const index = new ProcedureIndex([
  { code: "NCMC", name: "Đăng ký nhận cha, mẹ, con", service: "TP", aliases: [] },
  { code: "HN", name: "Công nhận hộ nghèo, cận nghèo", service: "XH", aliases: ["ho ngheo"] },
  { code: "KS", name: "Đăng ký khai sinh", service: "TP", aliases: ["khai sinh"] },
]);

describe("procedure names with punctuation", () => {
  it("match a message that writes the whole name, commas and all", () => {
    expect(parseMessage("DK Dương Công Nam Đăng ký nhận cha, mẹ, con 25/11", index)).toEqual({
      kind: "book",
      name: "Dương Công Nam",
      procedure: "NCMC",
      dateWord: "25/11",
    });
    expect(parseMessage("DK Lò Thị Mai cong nhan ho ngheo can ngheo mai", index)).toMatchObject({
      name: "Lò Thị Mai",
      procedure: "HN",
    });
  });

  it("still take the longest alias standing before the date", () => {
    expect(parseMessage("DK Tran Van Ho ho ngheo 25/11", index)).toMatchObject({
      name: "Tran Van Ho",
      procedure: "HN",
    });
    expect(parseMessage("DK Tran Van B dang ky khai sinh 25/11", index)).toMatchObject({
      name: "Tran Van B",
      procedure: "KS",
    });
  });
});
