"""Stage 1: bytes to text."""

from __future__ import annotations

import pytest

from cleaner import clean
from cleaner.decode import decode, looks_like_html
from cleaner.errors import DecodeError

TEXT = "Café owners in Zürich say “prices” rose — again.\nSecond line\n"


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"),
    b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
    TEXT.encode("utf-16"),
    TEXT.encode("utf-16-le"),
    TEXT.encode("utf-32"),
])
def test_unicode_encodings(data):
    assert decode(data).strip("\ufeff") == TEXT


def test_cp1252_fallback():
    assert decode(TEXT.encode("cp1252")) == TEXT


def test_crlf_normalised():
    r = clean("Title here\r\n\r\nA paragraph of text that is long enough to be prose for sure.\r\n")
    assert r.paragraphs == ("A paragraph of text that is long enough to be prose for sure.",)


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n\x00\x00", b"%PDF-1.7\n", b"\x1f\x8b\x08\x00", b"abc\x00\x00def"])
def test_binary_refused(data):
    with pytest.raises(DecodeError):
        decode(data)


def test_empty():
    r = clean(b"")
    assert r.title is None and r.body == "" and r.removed == ()


def test_html_detection():
    assert looks_like_html("<!DOCTYPE html><html><body><p>x</p></body></html>")
    assert looks_like_html("  <html lang='en'><head><title>x</title></head>")
    assert not looks_like_html("A story about the <p> tag in HTML.\nAnd more text.")
