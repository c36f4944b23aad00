import type { OfficeConfig } from "@motcua/config";
import { isoWeekday } from "../calendar.js";
import { workingHours } from "../texts.js";
import { isGsm7, smsSegments } from "./codec.js";

/** Removes Vietnamese diacritics but keeps case, and typographic marks GSM-7 lacks. */
export function plainText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .replace(/[–—]/g, "-")
    .replace(/[“”]/g, '"')
    .replace(/[‘’]/g, "'")
    .normalize("NFC");
}

/** `24/11/2026` from `2026-11-24`. */
export function displayDate(date: string): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

export interface BookingFacts {
  code: string;
  procedureName: string;
  label: string;
  counter: string;
  clock: string;
  date: string;
  /** The day the citizen asked for, and why the office is closed then (undefined: it was full). */
  requested?: { date: string; closed?: "holiday" | "day_off" };
}

const WEEKDAYS = ["", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"];

export type StatusFacts =
  | {
      state: "waiting";
      label: string;
      serving?: string;
      /** An appointment an officer checked in (PROTOCOL.md `checkin`): the citizen is known to be here. */
      arrived?: boolean;
      ahead: number;
      clock: string;
    }
  | { state: "future"; label: string; code: string; counter: string; clock: string; date: string }
  | { state: "called"; label: string; counter: string }
  | { state: "transferred"; label: string; newLabel: string }
  | {
      state: "done";
      label: string;
      outcome: "served" | "cancelled" | "no_show" | "lapsed" | "skipped" | "voided" | "transferred";
    };

/**
 * Every text the office sends by SMS, in Vietnamese. Written once with diacritics; by default
 * sent without them (RULES.md) so a confirmation fits one 160-character GSM-7 segment.
 */
export class Replies {
  private readonly withDiacritics: boolean;
  private readonly officeName: string;
  private readonly example: string;
  private readonly hours: string;

  constructor(private readonly config: OfficeConfig) {
    this.withDiacritics = config.rules.replyWithDiacritics;
    this.officeName = config.office.name;
    const sample = config.procedures[0]?.code ?? "KS";
    this.example = `DK Nguyen Van A ${sample} 24/11`;
    this.hours = workingHours(config);
  }

  /** A text in the office's reply form: with diacritics (NFC) or without (RULES.md). */
  out(text: string): string {
    return this.withDiacritics ? text.normalize("NFC") : plainText(text);
  }

  /**
   * The first of the candidates that fits `segments`, else the last (the shortest). Without
   * diacritics a reply must also stay GSM-7: a citizen's emoji quoted back would turn it into
   * UCS-2 and double its cost.
   */
  private fit(candidates: string[], segments = 1): string {
    const texts = candidates.map((c) => this.out(c));
    const fits = (t: string) => smsSegments(t) <= segments && (this.withDiacritics || isGsm7(t));
    return texts.find(fits) ?? (texts.at(-1) as string);
  }

  booked(f: BookingFacts): string {
    const body = `Đã hẹn ${f.procedureName}: số ${f.label}, quầy ${f.counter}, ${f.clock} ngày ${displayDate(f.date)}. Mã GD ${f.code}. Hủy: nhắn HUY ${f.code}`;
    const moved = this.movedFrom(f);
    if (moved === undefined) return this.fit([`${this.officeName}: ${body}`, body]);
    // Why it is not the day asked for matters more than the procedure's name, said in the request.
    const short = `Đã hẹn số ${f.label}, quầy ${f.counter}, ${f.clock} ngày ${displayDate(f.date)}. Mã GD ${f.code}. Hủy: nhắn HUY ${f.code}`;
    return this.fit([`${this.officeName}: ${moved} ${body}`, `${moved} ${body}`, `${moved} ${short}`, body]);
  }

  /** Why the booking is not on the day asked for: the office is closed then, or it is full. */
  private movedFrom(f: BookingFacts): string | undefined {
    const asked = f.requested;
    if (asked === undefined || asked.date === f.date) return undefined;
    const day = displayDate(asked.date).slice(0, 5);
    switch (asked.closed) {
      case "holiday":
        return `Ngày ${day} nghỉ lễ, không làm việc.`;
      case "day_off":
        return `Ngày ${day} (${WEEKDAYS[isoWeekday(asked.date)]}) không làm việc.`;
      default:
        return `Ngày ${day} đã hết chỗ hẹn.`;
    }
  }

  cancelled(f: BookingFacts): string {
    return this.fit([
      `Đã hủy lịch hẹn ${f.code}: ${f.procedureName}, số ${f.label}, ${f.clock} ngày ${displayDate(f.date)}.`,
      `Đã hủy lịch hẹn ${f.code}, số ${f.label}, ${f.clock} ngày ${displayDate(f.date)}.`,
    ]);
  }

  /** The office cancelled the appointment (an officer at the staff console). */
  officerCancelled(f: BookingFacts): string {
    return this.fit([
      `Bộ phận Một cửa đã hủy lịch hẹn ${f.code}: ${f.procedureName}, số ${f.label}, ${f.clock} ngày ${displayDate(f.date)}. Xin liên hệ Bộ phận Một cửa.`,
      `Bộ phận Một cửa đã hủy lịch hẹn ${f.code}, số ${f.label}, ${f.clock} ngày ${displayDate(f.date)}. Xin liên hệ Bộ phận Một cửa.`,
      `Bộ phận Một cửa đã hủy lịch hẹn ${f.code}, số ${f.label}, ${f.clock} ngày ${displayDate(f.date)}.`,
    ]);
  }

  noShow(f: BookingFacts, blocked: boolean): string {
    const base = `Lịch hẹn ${f.code} (số ${f.label}, ${f.clock} ngày ${displayDate(f.date)}) đã bị hủy vì quá ${this.config.rules.graceMinutes} phút không có mặt.`;
    return blocked
      ? this.fit([`${base} Số điện thoại này bị khóa đặt lịch; đến Bộ phận Một cửa để mở khóa.`], 2)
      : this.fit([base]);
  }

  /** A reminder before the appointment: the evening before, or shortly before the slot. */
  reminder(f: BookingFacts, when: "evening" | "soon"): string {
    const day = when === "evening" ? "ngày mai" : "hôm nay";
    const body = `Nhắc lịch hẹn ${day} ${displayDate(f.date).slice(0, 5)} lúc ${f.clock}: ${f.procedureName}, số ${f.label}, quầy ${f.counter}. Mã GD ${f.code}. Không đến được: nhắn HUY ${f.code}`;
    return this.fit([
      `${this.officeName}: ${body}`,
      body,
      `Nhắc lịch hẹn ${day} lúc ${f.clock}: số ${f.label}, quầy ${f.counter}. Hủy: HUY ${f.code}`,
    ]);
  }

  unblocked(): string {
    return this.fit([`Số điện thoại của bạn đã được mở khóa đặt lịch. Đặt lịch: ${this.example}`]);
  }

  help(): string {
    const head = `Đặt lịch: DK <họ tên> <mã thủ tục> <ngày>, vd ${this.example}. Hủy: HUY <mã GD>. Hỏi lượt: TT <mã GD>. Mã thủ tục: `;
    const withNames = this.config.procedures.map((p) => `${p.code} ${p.aliases[0] ?? p.name}`).join(", ");
    const codes = this.config.procedures.map((p) => p.code).join(", ");
    return this.fit([head + withNames, head + codes], 2);
  }

  syntax(command?: "book" | "cancel" | "status" | "done"): string {
    switch (command) {
      case "done":
        return this.fit(["Sai cú pháp. Cán bộ báo xong bước: nhắn XONG <mã hồ sơ>, vd XONG 261207-0001."]);
      case "book": {
        // RULES.md: a message the grammar does not understand gets the syntax and the codes.
        const codes = this.config.procedures.map((p) => p.code).join(", ");
        return this.fit([
          `Sai cú pháp. Đặt lịch: DK <họ tên> <mã thủ tục> <ngày>, vd ${this.example}. Mã thủ tục: ${codes}`,
          `Sai cú pháp. Đặt lịch: DK <họ tên> <mã thủ tục> <ngày>, vd ${this.example}. Nhắn HD để xem mã thủ tục.`,
        ]);
      }
      case "cancel":
        return this.fit([
          "Sai cú pháp hủy. Nhắn HUY <mã GD>, hoặc HUY <mã thủ tục> <số> <ngày>, vd HUY KS 5 24/11.",
        ]);
      case "status":
        return this.fit(["Sai cú pháp. Nhắn TT <mã GD>, hoặc TT <số> cho số lấy tại quầy, vd TT TP-012."]);
      default:
        return this.help();
    }
  }

  /**
   * A procedure the office does not know. A `DK` gets the form and the codes, quoting nothing (the
   * grammar cannot tell a mistyped code from the end of a name); a `HUY` quotes what it named.
   */
  unknownProcedure(word?: string): string {
    const codes = this.config.procedures.map((p) => p.code).join(", ");
    if (word === undefined)
      return this.fit([
        `Không rõ thủ tục. Đặt lịch: DK <họ tên> <mã thủ tục> <ngày>, vd ${this.example}. Mã thủ tục: ${codes}`,
        `Không rõ thủ tục. Đặt lịch: DK <họ tên> <mã thủ tục> <ngày>, vd ${this.example}. Nhắn HD để xem mã thủ tục.`,
      ]);
    return this.fit([
      `Không có thủ tục "${word.slice(0, 20)}". Mã thủ tục: ${codes}. Vd: ${this.example}. Nhắn HD để xem tên thủ tục.`,
      `Không có thủ tục này. Mã thủ tục: ${codes}. Nhắn HD để xem hướng dẫn.`,
    ]);
  }

  badDate(word: string | undefined): string {
    const what = word ? `"${word.slice(0, 12)}" ` : "";
    return this.fit([
      `Ngày ${what}không đúng. Ghi ngày dạng dd/mm, vd 24/11, hoặc "nay", "mai". Vd: ${this.example}`,
    ]);
  }

  pastDate(today: string, last: string): string {
    return this.fit([
      `Ngày hẹn đã qua. Chỉ đặt lịch từ hôm nay (${displayDate(today)}) đến ${displayDate(last)}.`,
    ]);
  }

  tooFar(last: string): string {
    return this.fit([
      `Chỉ đặt lịch trước tối đa ${this.config.rules.bookingWindowDays} ngày, tức đến ${displayDate(last)}. Vui lòng nhắn lại sau.`,
    ]);
  }

  closedHours(): string {
    return this.fit([
      `Chỉ nhận đặt lịch trong giờ làm việc (${this.hours}) các ngày làm việc. Vui lòng nhắn lại trong giờ.`,
    ]);
  }

  full(procedureName: string, last: string): string {
    return this.fit([
      `Đã hết chỗ hẹn ${procedureName} đến ngày ${displayDate(last)}. Vui lòng đến lấy số tại quầy hoặc nhắn lại sau.`,
      `Đã hết chỗ hẹn đến ngày ${displayDate(last)}. Vui lòng đến lấy số tại quầy hoặc nhắn lại sau.`,
    ]);
  }

  limit(date: string): string {
    const n = this.config.rules.maxActiveBookingsPerDay;
    return this.fit([
      `Số điện thoại này đã có ${n} lịch hẹn ngày ${displayDate(date)}, tối đa ${n}. Hủy bớt (HUY <mã GD>) để đặt thêm.`,
    ]);
  }

  blocked(): string {
    return this.fit([
      `Số điện thoại này đã bị khóa đặt lịch do vắng mặt quá ${this.config.rules.maxNoShows} lần. Đến Bộ phận Một cửa ${this.officeName} để được mở khóa.`,
      `Số điện thoại này đã bị khóa đặt lịch do vắng mặt quá ${this.config.rules.maxNoShows} lần. Đến Bộ phận Một cửa để được mở khóa.`,
    ]);
  }

  notFound(command: "cancel" | "status", ref?: string): string {
    if (command === "status") {
      return this.fit([
        `Không tìm thấy ${ref ? `"${ref.slice(0, 12)}"` : "số này"}. Nhắn TT <mã GD>, hoặc TT <số> lấy hôm nay, vd TT TP-012.`,
        "Không tìm thấy số này. Nhắn TT <mã GD>, hoặc TT <số> lấy hôm nay, vd TT TP-012.",
      ]);
    }
    return this.fit([
      "Không tìm thấy lịch hẹn của số điện thoại này để hủy. Nhắn HUY <mã GD>, hoặc HUY <mã thủ tục> <số> <ngày>, vd HUY KS 5 24/11.",
      "Không tìm thấy lịch hẹn để hủy. Nhắn HUY <mã GD>, hoặc HUY <mã thủ tục> <số> <ngày>.",
    ]);
  }

  status(f: StatusFacts): string {
    switch (f.state) {
      case "waiting": {
        const serving = f.serving ? `đang gọi số ${f.serving}` : "chưa gọi số nào";
        const turn = `còn ${f.ahead} người trước bạn, dự kiến đến lượt lúc ${f.clock}.`;
        // Checked in: said first, so the citizen in the hall knows the office knows they are here.
        if (f.arrived) {
          const whole = `Số ${f.label}: đã xác nhận có mặt. ${serving[0]?.toUpperCase()}${serving.slice(1)}, ${turn}`;
          // The shorter one only when it saves a segment: with diacritics (70 UCS-2 characters a
          // segment) neither fits one, and the whole text is sent rather than a shortened one.
          return this.fit([whole, `Số ${f.label}: đã xác nhận có mặt, ${turn}`, whole]);
        }
        return this.fit([`Số ${f.label}: ${serving}, ${turn}`]);
      }
      case "future":
        return this.fit([
          `Lịch hẹn ${f.code}: số ${f.label}, quầy ${f.counter}, ${f.clock} ngày ${displayDate(f.date)}. Hủy: nhắn HUY ${f.code}`,
        ]);
      case "called":
        return this.fit([`Số ${f.label} đang được mời đến quầy ${f.counter}.`]);
      case "transferred":
        return this.fit([`Số ${f.label} đã được chuyển sang số ${f.newLabel}. Hỏi lượt: TT ${f.newLabel}.`]);
      case "done": {
        const outcome = {
          served: "đã được phục vụ",
          cancelled: "đã hủy",
          no_show: "đã bị hủy vì vắng mặt",
          lapsed: "đã hết hiệu lực",
          skipped: "đã bị bỏ qua vì vắng mặt khi được gọi; vui lòng lấy số mới",
          voided: "đã bị hủy",
          transferred: "đã được chuyển sang lĩnh vực khác",
        }[f.outcome];
        return this.fit([`Số ${f.label} ${outcome}.`]);
      }
    }
  }
}
