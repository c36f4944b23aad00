import { segment } from "@motcua/sms";

// Every SMS dossier tracking sends, in Vietnamese, written with diacritics and passed through
// the office's reply form (`plain`: without diacritics unless the office sends them), each the
// first candidate that fits one segment (two for a supplement's note), as the queue's replies.

// Printable ASCII that GSM-7 holds in one septet each (not `[\]^{|}~`, which take two, nor the
// backtick, which it lacks): such a text of at most 160 characters is one segment.
const SINGLE_SEPTETS = /^[\n\r !-Z_a-z]*$/;

/** Segments an SMS takes, cut as the modem cuts it (NFC, GSM-7 or UCS-2). */
export function smsSegments(text: string): number {
  if (text.length <= 160 && SINGLE_SEPTETS.test(text)) return 1;
  return Math.max(1, segment(text).parts.length);
}

/** An instant as the office reads it: its clock and its date, from `days.format`. */
export interface Shown {
  /** `17:30` */
  clock: string;
  /** `08/12/2026` */
  date: string;
}

export function shown(formatted: string): Shown {
  return {
    clock: formatted.slice(11, 16),
    date: `${formatted.slice(8, 10)}/${formatted.slice(5, 7)}/${formatted.slice(0, 4)}`,
  };
}

const when = (t: Shown) => `${t.clock} ${t.date}`;
const whenShort = (t: Shown) => `${t.clock} ${t.date.slice(0, 5)}`;

/** Where a dossier stands, for `TT` (no name, no phone). */
export type StageFacts =
  | {
      stage: "in_progress";
      step: number;
      of: number;
      name: string;
      due: Shown;
      late: boolean;
      newDue: boolean;
    }
  | { stage: "paused" }
  | { stage: "ready"; status: "early" | "on_time" | "late" }
  | { stage: "returned" };

/** Why an `XONG` was refused. */
export type DoneRefusal =
  | { why: "unknown_phone" }
  | { why: "not_theirs"; step: number }
  | { why: "paused" }
  | { why: "finished" };

export class DossierTexts {
  constructor(
    private readonly officeName: string,
    private readonly plain: (text: string) => string,
  ) {}

  /** The first candidate that fits `segments` in the office's reply form, else the last. */
  private fit(candidates: string[], segments = 1): string {
    let text = "";
    for (const candidate of candidates) {
      text = this.plain(candidate);
      if (smsSegments(text) <= segments) return text;
    }
    return text;
  }

  /** The citizen's receipt: code, procedure, due date, how to ask. */
  receipt(code: string, short: string, procedure: string, due: Shown): string {
    const tail = `Hẹn trả kết quả ${when(due)}. Hỏi tiến độ: nhắn TT ${short}`;
    return this.fit([
      `${this.officeName}: Đã tiếp nhận hồ sơ ${code} (${procedure}). ${tail}`,
      `Đã tiếp nhận hồ sơ ${code} (${procedure}). ${tail}`,
      `Đã tiếp nhận hồ sơ ${short} (${procedure}). ${tail}`,
      `Đã tiếp nhận hồ sơ ${code}. ${tail}`,
      `Đã nhận hồ sơ ${short}. ${tail}`,
    ]);
  }

  resultReady(short: string, procedure: string): string {
    return this.fit([
      `${this.officeName}: Hồ sơ ${short} (${procedure}) đã có kết quả. Mời ông/bà đến Bộ phận Một cửa nhận kết quả.`,
      `Hồ sơ ${short} (${procedure}) đã có kết quả. Mời ông/bà đến Bộ phận Một cửa nhận kết quả.`,
      `Hồ sơ ${short} đã có kết quả. Mời ông/bà đến Bộ phận Một cửa nhận.`,
    ]);
  }

  supplement(short: string, note: string | undefined): string {
    const said = note?.trim() ?? "";
    const ask = said === "" ? "." : `: ${said}${/[.!?]$/.test(said) ? "" : "."}`;
    const tail = "Xin mang đến Bộ phận Một cửa; thời hạn tạm dừng đến khi nhận đủ.";
    return this.fit(
      [
        `Hồ sơ ${short} cần bổ sung giấy tờ${ask} ${tail}`,
        `Hồ sơ ${short} cần bổ sung giấy tờ${ask.slice(0, 120)} Xin mang đến Bộ phận Một cửa.`,
        `Hồ sơ ${short} cần bổ sung giấy tờ. Xin liên hệ Bộ phận Một cửa.`,
      ],
      2,
    );
  }

  newDate(short: string, procedure: string, newDue: Shown): string {
    return this.fit([
      `${this.officeName} xin lỗi: hồ sơ ${short} (${procedure}) chưa có kết quả đúng hẹn. Hẹn lại ${when(newDue)}. Mong ông/bà thông cảm.`,
      `Xin lỗi: hồ sơ ${short} (${procedure}) chưa có kết quả đúng hẹn. Hẹn lại ${when(newDue)}. Mong ông/bà thông cảm.`,
      `Xin lỗi: hồ sơ ${short} chưa có kết quả đúng hẹn. Hẹn lại ${when(newDue)}.`,
    ]);
  }

  /** To the step's officer: the dossier has reached them. */
  stepNotice(short: string, step: number, of: number, name: string, due: Shown): string {
    return this.fit([
      `Hồ sơ ${short} đến bước ${step}/${of} của bạn: ${name}, hạn ${whenShort(due)}. Xong nhắn XONG ${short}`,
      `Hồ sơ ${short} đến bước ${step}/${of} của bạn, hạn ${whenShort(due)}. Xong nhắn XONG ${short}`,
    ]);
  }

  warning(short: string, step: number, name: string, holder: string, due: Shown): string {
    return this.fit([
      `Sắp hết hạn: hồ sơ ${short} bước ${step} ${name} (${holder}), hạn ${whenShort(due)}.`,
      `Sắp hết hạn: hồ sơ ${short} bước ${step} (${holder}), hạn ${whenShort(due)}.`,
    ]);
  }

  overdue(short: string, step: number, name: string, holder: string, due: Shown): string {
    return this.fit([
      `Quá hạn: hồ sơ ${short} bước ${step} ${name} (${holder}), hạn ${whenShort(due)}.`,
      `Quá hạn: hồ sơ ${short} bước ${step} (${holder}), hạn ${whenShort(due)}.`,
    ]);
  }

  /** To a leader: the dossier passed its due instant; an apology and new date await approval. */
  apology(short: string, procedure: string, due: Shown): string {
    return this.fit([
      `Hồ sơ ${short} (${procedure}) đã quá hạn trả ${whenShort(due)}. Xin duyệt phiếu xin lỗi và hẹn lại ngày trả trên trang cán bộ.`,
      `Hồ sơ ${short} đã quá hạn trả ${whenShort(due)}. Xin duyệt phiếu xin lỗi và hẹn lại ngày trên trang cán bộ.`,
    ]);
  }

  /** The reply to an accepted `XONG`: who was told next, or that the result is ready. */
  doneNext(short: string, step: number, next: number, nextName: string, officerName: string): string {
    return this.fit([
      `Đã xong bước ${step} hồ sơ ${short}. Đã báo bước ${next} ${nextName} cho ${officerName}.`,
      `Đã xong bước ${step} hồ sơ ${short}. Đã báo bước ${next} cho ${officerName}.`,
    ]);
  }

  doneReady(short: string, step: number, citizenTold: boolean): string {
    return this.fit([
      citizenTold
        ? `Đã xong bước ${step} hồ sơ ${short}: đã có kết quả, đã nhắn công dân đến nhận.`
        : `Đã xong bước ${step} hồ sơ ${short}: đã có kết quả; công dân không có số điện thoại để nhắn.`,
    ]);
  }

  doneRefused(ref: string, r: DoneRefusal): string {
    const short = ref.slice(0, 30);
    switch (r.why) {
      case "unknown_phone":
        return this.fit([
          `Không nhận XONG ${short}: số điện thoại này không phải của cán bộ nào. Báo xong từ số đã đăng ký hoặc trên trang cán bộ.`,
          `Không nhận XONG: số này không phải của cán bộ nào.`,
        ]);
      case "not_theirs":
        return this.fit([
          `Không nhận XONG ${short}: bước ${r.step} của hồ sơ không phải của bạn. Chỉ cán bộ đang giữ bước được báo xong.`,
          `Không nhận XONG: bước ${r.step} của hồ sơ không phải của bạn.`,
        ]);
      case "paused":
        return this.fit([
          `Không nhận XONG ${short}: hồ sơ đang tạm dừng chờ bổ sung giấy tờ.`,
          "Không nhận XONG: hồ sơ đang chờ bổ sung giấy tờ.",
        ]);
      case "finished":
        return this.fit([
          `Không nhận XONG ${short}: hồ sơ đã xong hết các bước.`,
          "Không nhận XONG: hồ sơ đã xong hết các bước.",
        ]);
    }
  }

  notFound(ref: string): string {
    return this.fit([
      `Không tìm thấy hồ sơ ${ref.slice(0, 30)}. Xin kiểm tra lại mã hồ sơ trên giấy tiếp nhận.`,
      "Không tìm thấy hồ sơ này. Xin kiểm tra lại mã hồ sơ trên giấy tiếp nhận.",
    ]);
  }

  /** `TT`: the stage in plain words, the due date, on time or not; nothing personal. */
  status(short: string, f: StageFacts): string {
    switch (f.stage) {
      case "in_progress": {
        const due = `${f.newDue ? "hẹn lại" : "hẹn trả"} ${when(f.due)}`;
        const state = f.late ? "đã quá hạn" : "đúng hạn";
        return this.fit([
          `Hồ sơ ${short}: đang ở bước ${f.step}/${f.of}: ${f.name}. ${due[0]?.toUpperCase()}${due.slice(1)}, ${state}.`,
          `Hồ sơ ${short}: đang ở bước ${f.step}/${f.of}. ${due[0]?.toUpperCase()}${due.slice(1)}, ${state}.`,
        ]);
      }
      case "paused":
        return this.fit([
          `Hồ sơ ${short}: tạm dừng: chờ bổ sung giấy tờ. Hạn trả kết quả được tính lại khi nhận đủ giấy tờ.`,
          `Hồ sơ ${short}: tạm dừng: chờ bổ sung giấy tờ.`,
        ]);
      case "ready": {
        const how = { early: "trước hạn", on_time: "đúng hạn", late: "quá hạn" }[f.status];
        return this.fit([`Hồ sơ ${short}: đã có kết quả (${how}), mời đến nhận tại Bộ phận Một cửa.`]);
      }
      case "returned":
        return this.fit([`Hồ sơ ${short}: đã trả kết quả.`]);
    }
  }
}
