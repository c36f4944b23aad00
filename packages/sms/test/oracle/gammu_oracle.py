#!/usr/bin/python3
"""An independent party for the SMS codec's tests: Debian's python3-gammu (libgammu).

Reads one JSON request on stdin, writes one JSON answer on stdout:

  {"decode": ["00040B91...", ...],                      # PDUs with their SMSC part
   "encode": [{"text": "...", "unicode": false, "bits": 8, "number": "+849..."}, ...]}

  {"decode": [{"number", "text", "type", "coding", "class", "datetime", "udh": {...}}
              or {"error": "..."}, ...],
   "encode": [[{"text", "coding", "udh": {...}, "reference", "tpdu"}, ...], ...]}

decode: gammu.DecodePDU(bytes, SMSC=True).
encode: gammu.EncodeSMS with a ConcatenatedTextLong (8-bit reference) or
ConcatenatedTextLong16bit entry cuts the text; gammu.EncodePDU turns each part into an
SMS-SUBMIT (TP-VP 24 h, as ours), given here without its SMSC part.

gammu quirk: its "Length" of a GSM-7 text counts septets, not characters, so a text with
extension characters (two septets each) comes back with a NUL after its end and then as many
characters of whatever the decoding buffer held before. A GSM-7 text is cut at its first NUL
here: gammu decodes septet 0x00 as "@" (U+0040), so no GSM-7 character is a NUL.
"""

import binascii
import json
import sys

import gammu


def udh_of(sms):
    u = sms["UDH"]
    return {
        "type": u["Type"],
        "id8": u["ID8bit"],
        "id16": u["ID16bit"],
        "part": u["PartNumber"],
        "all": u["AllParts"],
        "hex": binascii.hexlify(u["Text"]).decode().upper(),
    }


def text_of(sms):
    text = sms["Text"]
    if isinstance(text, bytes):  # 8-bit data: upper-case hex, as @motcua/sms gives it
        return binascii.hexlify(text).decode().upper()
    if sms["Coding"] == "Default_No_Compression":
        return text.split("\x00", 1)[0]
    return text


def decode(hex_pdu):
    try:
        sms = gammu.DecodePDU(binascii.unhexlify(hex_pdu), SMSC=True)
    except Exception as e:  # noqa: BLE001 - an answer for the test, not a crash
        return {"error": f"{type(e).__name__}: {e}"}
    dt = sms.get("DateTime")
    return {
        "number": sms["Number"],
        "text": text_of(sms),
        "type": sms["Type"],
        "coding": sms["Coding"],
        "class": sms["Class"],
        "datetime": dt.isoformat() if dt is not None else None,
        "udh": udh_of(sms),
    }


def encode(req):
    entry = "ConcatenatedTextLong16bit" if req.get("bits") == 16 else "ConcatenatedTextLong"
    parts = gammu.EncodeSMS(
        {"Class": -1, "Unicode": bool(req["unicode"]), "Entries": [{"ID": entry, "Buffer": req["text"]}]}
    )
    out = []
    for sms in parts:
        sms = dict(sms)
        sms["Number"] = req["number"]
        sms["SMSC"] = {"Location": 0, "Number": "", "Validity": "1440M"}
        pdu = gammu.EncodePDU(sms, "Submit")
        tpdu = pdu[1 + pdu[0]:]  # without the SMSC part
        udh = udh_of(sms)
        out.append(
            {
                "text": text_of(sms),
                "coding": sms["Coding"],
                "udh": udh,
                "reference": udh["id16"] if req.get("bits") == 16 else udh["id8"],
                "tpdu": binascii.hexlify(tpdu).decode().upper(),
            }
        )
    return out


def main():
    req = json.load(sys.stdin)
    answer = {
        "decode": [decode(h) for h in req.get("decode", [])],
        "encode": [encode(r) for r in req.get("encode", [])],
    }
    json.dump(answer, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
