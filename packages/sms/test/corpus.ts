// Texts the oracle tests share: boundaries, alphabets, and a generator of random mixes.
import fc from "fast-check";

export const VIETNAMESE =
  "Đặt lịch khai sinh thứ Hai 23/11 lúc 08:00 tại Trung tâm Phục vụ hành chính công xã";
export const EXTENSION = "[]{}\\~^|€";

export const TEXTS: Array<[string, string]> = [
  ["plain", "DK KS 25/11 08:00"],
  ["booking reply", "Ban da dat lich KS ngay 25/11 luc 08:00, so thu tu 12. Vui long den dung gio."],
  ["Vietnamese", VIETNAMESE],
  ["Vietnamese ×3", `${VIETNAMESE} ${VIETNAMESE} ${VIETNAMESE}`],
  ["extension characters", EXTENSION],
  ["extension characters ×20", EXTENSION.repeat(20)],
  ["basic GSM-7 specials", "@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!\"#¤%&'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà"],
  ["line breaks", "Dong 1\nDong 2\r\nDong 3"],
  ["emoji", "Cảm ơn 🙏😀 hẹn gặp 👍"],
  ["160 septets", "a".repeat(160)],
  ["161 septets", "a".repeat(161)],
  ["153 × 2 septets", "b".repeat(306)],
  ["153 × 2 + 1 septets", "b".repeat(307)],
  ["70 UCS-2 units", "ệ".repeat(70)],
  ["71 UCS-2 units", "ệ".repeat(71)],
  ["67 × 2 UCS-2 units", "ư".repeat(134)],
  ["67 × 2 + 1 UCS-2 units", "ư".repeat(135)],
  ["80 euro signs", "€".repeat(80)],
  ["81 euro signs", "€".repeat(81)],
  ["escape pair at 152|153", `${"a".repeat(152)}€${"b".repeat(10)}`],
  ["escape pair ending at 153", `${"a".repeat(151)}€${"b".repeat(10)}`],
  ["surrogate pair at 66|67", `${"ạ".repeat(66)}😀${"b".repeat(10)}`],
  ["surrogate pairs only", "😀".repeat(40)],
  ["GSM-7 with one Vietnamese letter at the end", `${"a".repeat(150)}ạ`],
  ["long mixed", `${VIETNAMESE} [${"x".repeat(100)}] € ${"🙂".repeat(5)}`],
];

const GSM_CHARS = [
  ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;!?-+/()'\"",
  ..."@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ#¤%&*<=>¡ÄÖÑÜ§¿äöñüà\n",
  ..."[]{}\\~^|€",
];
const OTHER_CHARS = [
  ..."ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĐƯƠ", // Vietnamese
  ..."日本語中文한국어", // CJK, Hangul
  ..."àáãçñ", // Latin-1 letters, some of them outside GSM-7
  ..."😀🙏👍🇻🇳", // astral: surrogate pairs, a flag (two regional indicators)
  "e\u0301", // a decomposed é (NFC makes it GSM-7)
  "\u2126", // the ohm sign (NFC makes it Ω)
];

/** Mostly-GSM-7 texts, and mixes of alphabets, from empty to a few parts long. */
export const textArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.constantFrom(...GSM_CHARS), maxLength: 400 }),
  fc.string({
    unit: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...GSM_CHARS) },
      { weight: 1, arbitrary: fc.constantFrom(...OTHER_CHARS) },
    ),
    maxLength: 200,
  }),
);
