import { type Detail, FormHead, SheetTable } from "./dossier-common";

// The printed forms of a dossier (Thông tư 01/2018/TT-VPCP's one-stop forms, as the office
// prints them on A4): the receipt, the processing control sheet, the apology and new date.
// On screen each is a sheet of paper; `@media print` (style.css) prints only the paper.

const TIME_ZONE = "Asia/Ho_Chi_Minh";

/** "15 giờ 00 phút, ngày 07/12/2026": a time as the forms write it. */
export function formTime(iso: string | null): string {
  if (!iso) return "…";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: TIME_ZONE,
      day: "2-digit",
      month: "2-digit",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hour12: false,
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  return `${parts.hour} giờ ${parts.minute} phút, ngày ${parts.day}/${parts.month}/${parts.year}`;
}

/** "ngày 07 tháng 12 năm 2026": the place-and-date line of a form. */
function formDate(iso: string): string {
  const day = new Date(iso).toLocaleDateString("en-CA", { timeZone: TIME_ZONE });
  const [y, m, d] = day.split("-");
  return `ngày ${d} tháng ${m} năm ${y}`;
}

/** The short code a citizen may text (`TT 261207-0001`): the last two parts of the code. */
export function shortCode(code: string): string {
  return code.split("-").slice(-2).join("-");
}

function Signatures({ left, right, rightName }: { left: string; right: string; rightName?: string }) {
  return (
    <div class="signatures">
      <div>
        <strong>{left}</strong>
        <div class="small">(Ký và ghi rõ họ tên)</div>
      </div>
      <div>
        <strong>{right}</strong>
        <div class="small">(Ký và ghi rõ họ tên)</div>
        {rightName && <div class="signed-name">{rightName}</div>}
      </div>
    </div>
  );
}

/** Giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
export function Receipt({ detail }: { detail: Detail }) {
  const d = detail.dossier;
  const sms = detail.office.smsNumber;
  return (
    <article class="paper" data-testid="receipt">
      <FormHead office={detail.office.name} />
      <p class="form-date">{formDate(d.receivedAt)}</p>
      <h2 class="form-title">GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ</h2>
      <p class="form-code">
        Mã hồ sơ: <strong data-testid="receipt-code">{d.code}</strong>
      </p>
      <p>Bộ phận tiếp nhận và trả kết quả {detail.office.name}</p>
      <p>
        Tiếp nhận hồ sơ của: <strong data-testid="receipt-name">{d.name ?? "…"}</strong>
      </p>
      {d.phone ? <p>Số điện thoại: {d.phone}</p> : null}
      <p>
        Nội dung yêu cầu giải quyết: <strong>{d.procedureName}</strong> ({d.serviceName})
      </p>
      <p>Thời gian nhận hồ sơ: {formTime(d.receivedAt)}</p>
      <p>
        Thời gian trả kết quả giải quyết hồ sơ:{" "}
        <strong data-testid="receipt-due">{formTime(d.newDue ?? d.due)}</strong>
      </p>
      <p>
        Đăng ký nhận kết quả tại: Bộ phận tiếp nhận và trả kết quả{d.counter ? `, quầy ${d.counter}` : ""}.
      </p>
      <p class="sms-help" data-testid="receipt-sms">
        Tra cứu tình trạng hồ sơ: soạn tin <strong>TT {shortCode(d.code)}</strong>
        {sms ? (
          <>
            {" "}
            gửi <strong>{sms}</strong>
          </>
        ) : (
          " gửi số tin nhắn của cơ quan"
        )}
        . Khi có kết quả, cơ quan nhắn tin báo cho Ông/Bà.
      </p>
      <Signatures left="NGƯỜI NỘP HỒ SƠ" right="NGƯỜI TIẾP NHẬN HỒ SƠ" rightName={d.receivedByName} />
    </article>
  );
}

/** Phiếu kiểm soát quá trình giải quyết hồ sơ. */
export function ControlSheet({ detail }: { detail: Detail }) {
  const d = detail.dossier;
  return (
    <article class="paper wide" data-testid="control-sheet-paper">
      <FormHead office={detail.office.name} />
      <h2 class="form-title">PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ</h2>
      <p class="form-code">
        Mã hồ sơ: <strong>{d.code}</strong>
      </p>
      <p>
        (Kèm theo hồ sơ của: {d.name ?? "—"}; thủ tục: {d.procedureName})
      </p>
      <p>
        Ngày hẹn trả kết quả: {formTime(d.due)}
        {d.newDue ? <> · Hẹn lại: {formTime(d.newDue)}</> : null}
      </p>
      <div class="table-wrap">
        <SheetTable rows={detail.sheet} />
      </div>
    </article>
  );
}

/** Phiếu xin lỗi và hẹn lại ngày trả kết quả, with the reason the leader writes and the new date. */
export function ApologyLetter({
  detail,
  newDue,
  reason,
  leader,
}: {
  detail: Detail;
  /** The new date as the letter writes it (`17 giờ 30 phút, ngày 10/12/2026`). */
  newDue: string;
  reason: string;
  leader: string;
}) {
  const d = detail.dossier;
  return (
    <article class="paper" data-testid="apology-letter">
      <FormHead office={detail.office.name} />
      <p class="form-date">{formDate(detail.at)}</p>
      <h2 class="form-title">PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ</h2>
      <p class="center">
        Kính gửi: Ông/Bà <strong>{d.name ?? "…"}</strong>
      </p>
      <p>
        Ngày {formTime(d.receivedAt).split("ngày ")[1]}, {detail.office.name} tiếp nhận giải quyết hồ sơ của
        Ông/Bà: {d.procedureName}, mã hồ sơ <strong>{d.code}</strong>.
      </p>
      <p>Thời hạn giải quyết hồ sơ theo quy định: {formTime(d.due)}.</p>
      <p>Tuy nhiên đến nay, cơ quan chưa trả kết quả giải quyết hồ sơ của Ông/Bà.</p>
      <p>Lý do: {reason.trim() || "…"}</p>
      <p>
        Sự chậm trễ này đã gây phiền hà cho Ông/Bà. {detail.office.name} xin lỗi Ông/Bà và sẽ trả kết quả giải
        quyết hồ sơ cho Ông/Bà vào <strong data-testid="apology-new-due">{newDue}</strong>.
      </p>
      <p>Xin trân trọng cảm ơn./.</p>
      <div class="signatures">
        <div />
        <div>
          <strong>LÃNH ĐẠO CƠ QUAN</strong>
          <div class="small">(Ký, ghi rõ họ tên và đóng dấu)</div>
          <div class="signed-name">{leader}</div>
        </div>
      </div>
    </article>
  );
}
