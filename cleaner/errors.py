"""Errors `cleaner` raises on purpose. Anything else escaping `clean()` is a bug."""


class CleanerError(Exception):
    """Base class: a clear, one-line reason the input could not be cleaned."""


class DecodeError(CleanerError):
    """The input is binary or cannot be decoded as text."""


class RuleError(CleanerError):
    """A rule pack is malformed (bad TOML, missing field, bad pattern, duplicate id)."""


class InputTooLarge(CleanerError):
    """The input is larger than the configured limit."""
