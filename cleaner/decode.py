"""Stage 1: bytes -> str.

Order of evidence: a byte-order mark; strict UTF-8; for HTML, the charset the document declares
(`<meta charset>` or `http-equiv`); statistical detection (charset-normalizer); finally cp1252
with replacement, which never fails. Input that is binary (NUL bytes, mostly control bytes, or a
known binary signature) is refused with `DecodeError` rather than turned into mojibake.
Line endings are normalised to "\\n" afterwards (`normalize_newlines`).
"""

from __future__ import annotations

import codecs
import re

from .errors import DecodeError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Signatures of common binary formats a crawl picks up by mistake.
_BINARY_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"\x1f\x8b", "gzip data"),
    (b"PK\x03\x04", "zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
    (b"BZh", "bzip2 data"),
    (b"\x7fELF", "ELF binary"),
    (b"RIFF", "RIFF media"),
)

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{1,40})""", re.IGNORECASE
)

# Fraction of control bytes (other than tab/newline/CR/FF) above which input is called binary.
BINARY_CONTROL_SHARE = 0.10
_SNIFF = 4096


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text without a BOM shows NULs in every other byte."""
    if len(head) < 16:
        return None
    even = head[0::2]
    odd = head[1::2]
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    return None


# The control bytes that count against text (all below 32 but tab, newline, form feed, CR, escape):
# `bytes.translate` deletes them in one C pass, and the length lost is their count.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def _binary_reason(head: bytes) -> str | None:
    for magic, what in _BINARY_MAGIC:
        if head.startswith(magic):
            return what
    if not head:
        return None
    if b"\x00" in head:
        return "NUL bytes"
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls / len(head) > BINARY_CONTROL_SHARE:
        return "control bytes"
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML document declares in its first few KB, if Python knows it."""
    m = _META_CHARSET.search(data[:_SNIFF * 4])
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    # Per the WHATWG encoding standard, a declared latin-1/ascii means windows-1252.
    if name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    return name


def decode(data: bytes | bytearray | memoryview, *, html: bool | None = None) -> str:
    """Decode raw bytes of a page to text. Raises `DecodeError` for binary input."""
    data = bytes(data)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace")
    head = data[:_SNIFF]
    for magic, what in _BINARY_MAGIC:  # before the UTF-16 sniff: a gzip header has NULs too
        if head.startswith(magic):
            raise DecodeError(f"input looks binary ({what}), not text or HTML")
    enc16 = _utf16_without_bom(head)
    if enc16:
        return data.decode(enc16, errors="replace")
    reason = _binary_reason(head)
    if reason:
        raise DecodeError(f"input looks binary ({reason}), not text or HTML")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if html is None:
        html = looks_like_html_bytes(head)
    if html:
        enc = declared_charset(data)
        if enc and enc not in ("utf-8", "utf-16-le", "utf-16-be", "utf-16"):
            try:
                return data.decode(enc)
            except (UnicodeDecodeError, LookupError):
                pass
    detected = _detect(data)
    if detected:
        return detected
    return data.decode("cp1252", errors="replace")


def _detect(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a dependency, but keep decoding possible without it
        return None
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        return None
    try:
        return data.decode(best.encoding, errors="replace")
    except LookupError:
        return None


_HTML_HINT = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article|section|span|a\s|script|br)\b",
    re.IGNORECASE,
)


_TAG = re.compile(r"<[a-zA-Z/!][^<>]{0,200}>")


def looks_like_html_bytes(head: bytes) -> bool:
    return looks_like_html(head[:_SNIFF].decode("latin-1"))


def looks_like_html(text: str) -> bool:
    """True when the start of `text` is markup rather than a text dump."""
    start = text[:_SNIFF].lstrip("\ufeff \t\r\n")
    low = start[:64].lower()
    if low.startswith(("<!doctype html", "<html", "<?xml", "<head", "<!--")):
        return True
    if not start.startswith("<"):
        # A page starts with markup. A dump that quotes tags (an article about HTML, a code
        # listing) does not; call it HTML only when markup is most of what it says.
        tags = _TAG.findall(start)
        return len(tags) >= 8 and sum(map(len, tags)) > 0.5 * len(start)
    return len(_HTML_HINT.findall(start)) >= 2


def normalize_newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
