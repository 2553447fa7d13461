"""Bytes to text with charset repair.

Provincial portals often declare one charset and send another (a page
declared ``iso-8859-1`` that is really UTF-8, or a legacy ``windows-1258``
page declared as UTF-8). We try the declared charset, then UTF-8, then
detection, and keep the decoding that reads most like Vietnamese.
"""

from __future__ import annotations

import re
import unicodedata

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)

# Letters that only occur in Vietnamese text (precomposed), and the tell-tale
# sequences of UTF-8 read as a single-byte charset ("Ã¡", "Ä‘", "á»").
_VIET = frozenset(
    "ăâđêôơưĂÂĐÊÔƠƯ"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ"
)
_VIET_RE = re.compile("[" + "".join(sorted(_VIET)) + "]")
_NON_ASCII_LETTER = re.compile(r"[^\W\d_\x00-\x7f]")
_MOJIBAKE = re.compile("[ÃÄÆá»][\u0080-\u00bf\u2018-\u203a\u0152\u0153\u0160\u0161\u017d]|\ufffd")


def declared_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` tag declares in the first 4 KB, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "replace").lower() if match else None


def vietnamese_score(text: str) -> float:
    """How much a decoding reads like Vietnamese: share of letters that are Vietnamese.

    Mojibake sequences and replacement characters count against it, so a
    wrong single-byte decoding of UTF-8 scores below the right one.
    """
    letters = len(_NON_ASCII_LETTER.findall(text))
    if not letters:
        return 0.0
    viet = len(_VIET_RE.findall(text))
    bad = len(_MOJIBAKE.findall(text))
    return (viet - 3 * bad) / letters


def _candidates(data: bytes, declared: str | None) -> list[str]:
    names = [n for n in (declared, "utf-8") if n]
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:65536]).best()
        if best is not None:
            names.append(best.encoding)
    except ImportError:  # detection is a bonus; declared and UTF-8 still work
        pass
    names += ["cp1258", "cp1252"]
    return list(dict.fromkeys(n.lower() for n in names))


def _repair_double_encoding(text: str) -> str | None:
    """UTF-8 bytes that were read as cp1252 / latin-1 (mojibake): undo that reading."""
    for charset in ("cp1252", "latin-1"):
        try:
            repaired = text.encode(charset).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if vietnamese_score(repaired) > vietnamese_score(text):
            return repaired
    return None


def decode_html(data: bytes | str, declared: str | None = None) -> str:
    """Decode page bytes to NFC text, repairing a wrong declared charset.

    Args:
        data: the raw response body; a ``str`` (already decoded by someone
            trusting a wrong header) is repaired when it shows mojibake.
        declared: the charset from the HTTP header, if known; the ``<meta>``
            declaration is used when this is None.

    Returns:
        The decoding that reads most like Vietnamese; a strict UTF-8 decoding
        that succeeds and scores well wins ties, since most portals send UTF-8.
    """
    if isinstance(data, str):
        repaired = _repair_double_encoding(data) if _MOJIBAKE.search(data) else None
        return unicodedata.normalize("NFC", repaired or data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and not _MOJIBAKE.search(text):
        # Valid UTF-8 with non-ASCII bytes is almost never a legacy charset by chance.
        return unicodedata.normalize("NFC", text)
    if text is not None:
        repaired = _repair_double_encoding(text)
        if repaired is not None:
            return unicodedata.normalize("NFC", repaired)
    declared = declared or declared_charset(data)
    best_text, best_score = None, float("-inf")
    for name in _candidates(data, declared):
        try:
            text = data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
        score = vietnamese_score(text)
        if score > best_score + 1e-9:
            best_text, best_score = text, score
        if name == "utf-8" and score > 0.3:
            best_text, best_score = text, score
            break
    if best_text is None:
        best_text = data.decode("utf-8", "replace")
    return unicodedata.normalize("NFC", best_text)
