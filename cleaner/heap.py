"""Giving the C heap's free memory back to the system (glibc's `malloc_trim`), for the places that
free much at once: rule compilation, a large HTML page, a batch worker's record."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def _malloc_trim():
    """glibc's `malloc_trim`, or None (another C library, no ctypes)."""
    try:
        import ctypes

        return ctypes.CDLL("libc.so.6").malloc_trim
    except (ImportError, OSError, AttributeError):
        return None


def release() -> None:
    """Hand the heap's free pages back to the system; nothing where there is no glibc."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
