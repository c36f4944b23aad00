import { ticketAtlas } from "./atlas.js";
import { align, type Bitmap, concat, cut, init, rasterImage } from "./escpos.js";
import { fitSize, rasterBlock, rule, type TextBlock } from "./raster.js";

/** Printable dots per line at 203 dpi: 58 mm paper prints 48 mm, 80 mm prints 72 mm. */
export const PAPER_DOTS = { "58": 384, "80": 576 } as const;
export type PaperWidth = keyof typeof PAPER_DOTS;

/** What a walk-in ticket says (the hub's answer, with the names a citizen reads). */
export interface TicketContent {
  officeName: string;
  serviceName: string;
  /** The number as called out and shown on the board: `TP-001`. */
  label: string;
  priority?: boolean;
  /** Counter names, as the office calls them: `Quầy 1`. */
  counters: string[];
  /** People ahead of this ticket. */
  waiting: number;
  /** When the citizen may expect the call, and when the ticket was taken: the contract's form, with the office's offset. */
  estimatedAt: string;
  issuedAt: string;
  /** Where citizens text their bookings (office.smsNumber); the SMS line names it if set. */
  smsNumber?: string;
}

/** The lines of a ticket, top to bottom, sized for `paperDots`. */
export function ticketBlocks(t: TicketContent, paperDots: number): Array<TextBlock | "rule"> {
  const s = paperDots / PAPER_DOTS["58"];
  const px = (n: number) => Math.round(n * s);
  const issued = localTime(t.issuedAt);
  const estimated = localTime(t.estimatedAt);
  const blocks: Array<TextBlock | "rule"> = [
    { text: t.officeName, size: px(24), bold: true, align: "center", wrap: true },
    { text: t.serviceName, size: px(26), bold: true, align: "center", wrap: true, spaceBefore: px(4) },
    "rule",
    { text: "Số thứ tự", size: px(22), align: "center" },
    { text: t.label, size: px(120), bold: true, align: "center" },
  ];
  if (t.priority) blocks.push({ text: "ƯU TIÊN", size: px(26), bold: true, align: "center" });
  if (t.counters.length > 0)
    blocks.push({
      text: `Mời đến ${t.counters.join(", ")}`,
      size: px(26),
      bold: true,
      align: "center",
      wrap: true,
    });
  blocks.push(
    {
      text: t.waiting === 0 ? "Không có ai chờ trước bạn" : `Trước bạn còn ${t.waiting} người chờ`,
      size: px(22),
      align: "center",
      spaceBefore: px(6),
    },
    { text: `Dự kiến được gọi lúc ${estimated.time}`, size: px(22), align: "center" },
    "rule",
    { text: `Lấy số lúc ${issued.time} ngày ${issued.date}`, size: px(20), align: "center" },
    {
      // No-break spaces inside the placeholders and the number: a line never splits them.
      text: `Lần sau, nhắn DK <họ\u00a0tên> <mã\u00a0thủ\u00a0tục> <ngày>${t.smsNumber ? ` đến ${t.smsNumber.replace(/ /g, "\u00a0")}` : ""} để hẹn giờ`,
      size: px(19),
      align: "center",
      wrap: true,
      spaceBefore: px(6),
    },
  );
  return blocks;
}

/** The ticket as raster bands, one per text line, each the full paper width. */
export function ticketBitmaps(t: TicketContent, paperDots: number): Bitmap[] {
  const margin = Math.round((8 * paperDots) / PAPER_DOTS["58"]);
  return ticketBlocks(t, paperDots).flatMap((b) =>
    b === "rule" ? [rule(paperDots)] : rasterBlock(b, paperDots, margin),
  );
}

/**
 * Draws, in a child process, every glyph tickets like `samples` need (their names, digits,
 * Vietnamese letters, the number at the size it fits), so that no ticket waits for it; a
 * ticket that still needs a character (a name changed since) draws it then. Never loads Skia here.
 */
export async function prepareTicketGlyphs(samples: TicketContent[], paperDots: number): Promise<void> {
  const margin = Math.round((8 * paperDots) / PAPER_DOTS["58"]);
  const blocks = samples
    .flatMap((t) => ticketBlocks(t, paperDots))
    .filter((b): b is TextBlock => b !== "rule")
    .map((b) => ({ ...b, text: b.text.normalize("NFC") }));
  const chars = blocks.map((b) => b.text).join("");
  const facesOf = (sized: Array<{ size: number; bold?: boolean; text: string }>) => {
    const faces = new Map<string, { size: number; bold: boolean; chars: string }>();
    for (const b of sized) {
      const key = `${b.size}${b.bold ? "b" : "r"}`;
      const face = faces.get(key) ?? { size: b.size, bold: b.bold ?? false, chars: "" };
      face.chars += b.text;
      faces.set(key, face);
    }
    return [...faces.values()];
  };
  // First the advances (and the faces at their nominal sizes, but for lines that shrink to fit),
  // then the faces those lines fit at, which only the advances tell.
  await ticketAtlas().prepare(chars, facesOf(blocks.filter((b) => b.wrap)));
  const room = paperDots - 2 * margin;
  await ticketAtlas().prepare(
    chars,
    facesOf(blocks.filter((b) => !b.wrap).map((b) => ({ ...b, size: fitSize(b.text, b, room) }))),
  );
}

/**
 * The exact ESC/POS bytes of a ticket: reset, centre, the raster bands (`GS v 0`), feed and
 * partial cut. No character is sent as text, so no code page is involved.
 */
export function ticketBytes(t: TicketContent, paperDots: number = PAPER_DOTS["58"]): Uint8Array {
  return concat([
    init(),
    align("center"),
    ...ticketBitmaps(t, paperDots).flatMap((b) => rasterImage(b)),
    cut(64),
  ]);
}

/**
 * `07:31` and `25/11/2026` as the hub states them. Every time of the wire contract carries the
 * office's own offset (`2026-11-25T07:31:00+07:00`), so its wall clock is in the text: reading it
 * needs no time-zone data (an Intl.DateTimeFormat would map about 8 MiB of ICU into the kiosk
 * for two numbers).
 */
export function localTime(iso: string): { time: string; date: string } {
  const wall = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  if (wall === null) throw new TypeError(`not a date and time: ${JSON.stringify(iso)}`);
  const [, year, month, day, hour, minute] = wall;
  return { time: `${hour}:${minute}`, date: `${day}/${month}/${year}` };
}
