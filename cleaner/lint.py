"""`cleaner check` and `cleaner fix`: text dumps kept in a repository, linted and fixed in place.

check: every removal `clean()` would make is a finding, printed the way linters print them,
    path:line:col: RULE-ID name: "text"
fix: each dump with findings is rewritten to its clean form (`Result.text` and a newline),
    atomically: a temporary file in the same directory, fsync, `os.replace`; the file's mode and
    newline style (LF or CRLF) are kept, the text is written as UTF-8 (with a BOM if it had one).
    A dump without findings is not touched. With `sidecar=True` the full result (related records
    and removals included) goes to `<stem>.clean.json` beside it.

A dump is "clean" exactly when `check` finds nothing in it. `fix` cleans the clean form again
while that still removes something (at most MAX_FIX_PASSES passes), so `check` after `fix` passes
and `fix` after `fix` changes nothing. Files are read as text dumps: `check --input html` checks
HTML pages, and `fix` refuses a file that is an HTML document (it would turn it into text).
"""

from __future__ import annotations

import codecs
import json
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from . import clean
from .config import Config
from .decode import decode, looks_like_html
from .errors import CleanerError
from .model import Result
from .rules.registry import RuleSet

MAX_BYTES = 50 * 1024 * 1024
SNIPPET_CHARS = 60


@dataclass(frozen=True)
class Finding:
    """One removal, located in one file."""

    path: str
    line: int
    col: int
    rule: str
    name: str
    family: str
    text: str

    def format(self, width: int = SNIPPET_CHARS) -> str:
        return f'{self.path}:{self.line}:{self.col}: {self.rule} {self.name}: "{snippet(self.text, width)}"'

    def to_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "col": self.col, "rule": self.rule,
                "name": self.name, "family": self.family, "text": self.text}


@dataclass(frozen=True)
class FileError:
    path: str
    message: str

    def format(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True)
class FixOutcome:
    path: str
    changed: bool
    findings: int
    sidecar: str | None = None


def snippet(text: str, width: int = SNIPPET_CHARS) -> str:
    """One line of at most `width` characters: whitespace collapsed, cut at a word with '…',
    quotes and backslashes escaped so the quoted text stays unambiguous."""
    flat = " ".join(text.split())
    if len(flat) > width:
        cut = flat[: width - 1]
        space = cut.rfind(" ")
        if space >= width // 2:
            cut = cut[:space]
        flat = cut.rstrip(" ,;:.-|") + "…"
    return flat.replace("\\", "\\\\").replace('"', '\\"')


# --- finding the files ----------------------------------------------------------------------

def iter_paths(paths: Sequence[str | Path], config: Config) -> Iterator[tuple[str, FileError | None]]:
    """The files to look at, in a stable order: named files as given (unless excluded), and
    directories walked recursively for files matching `include`. Yields (path, error)."""
    seen: set[str] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for found in _walk(p, config):
                key = os.path.abspath(found)
                if key not in seen:
                    seen.add(key)
                    yield str(found), None
        elif p.exists() or p.is_symlink():
            key = os.path.abspath(p)
            if key not in seen and not config.excluded(p):
                seen.add(key)
                yield str(raw), None
        else:
            yield str(raw), FileError(str(raw), "no such file or directory")


def _walk(top: Path, config: Config) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(top):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not config.excluded(here / d, walk_root=top))
        for name in sorted(filenames):
            f = here / name
            if config.included(f) and not config.excluded(f, walk_root=top):
                yield f


# --- reading and cleaning one file ----------------------------------------------------------

def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise CleanerError("is a directory") from None
    except PermissionError:
        raise CleanerError("permission denied") from None
    except FileNotFoundError:
        raise CleanerError("no such file or directory") from None
    except OSError as exc:
        raise CleanerError(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise CleanerError(f"larger than {MAX_BYTES} bytes")
    return data


def _clean_text(data: bytes, rules: RuleSet, *, kind: str = "auto") -> tuple[str, Result]:
    text = decode(data, html=None if kind == "auto" else kind == "html")
    return text, clean(text, kind=kind, rules=rules)


def findings_for(path: str, result: Result, rules: RuleSet) -> list[Finding]:
    out = []
    for r in result.removed:
        rule = rules.get(r.rule)
        out.append(Finding(path, r.line, r.col, r.rule, rule.name if rule else r.family, r.family, r.text))
    return out


def check_file(path: str, rules: RuleSet, *, kind: str = "text") -> list[Finding]:
    """The findings in one file. Raises `CleanerError` when it cannot be read or cleaned."""
    _, result = _clean_text(_read(path), rules, kind=kind)
    return findings_for(path, result, rules)


def check_paths(paths: Sequence[str | Path], config: Config, rules: RuleSet, *, kind: str = "text"
                ) -> tuple[list[Finding], list[FileError], int]:
    """Findings and errors for every file; the count of files looked at."""
    findings: list[Finding] = []
    errors: list[FileError] = []
    n = 0
    for path, err in iter_paths(paths, config):
        if err:
            errors.append(err)
            continue
        n += 1
        try:
            findings.extend(check_file(path, rules, kind=kind))
        except (CleanerError, ValueError) as exc:
            errors.append(FileError(path, str(exc)))
    return findings, errors, n


# --- fixing ---------------------------------------------------------------------------------

def clean_form(result: Result) -> str:
    """What a dump becomes: title and body, and a final newline."""
    return result.text + "\n"


def newline_style(data: bytes) -> str:
    """'\\r\\n' when most line ends of `data` are CRLF, else '\\n'."""
    crlf = data.count(b"\r\n")
    return "\r\n" if crlf and crlf * 2 >= data.count(b"\n") else "\n"


def encode_like(text: str, original: bytes) -> bytes:
    """`text` as UTF-8 in the newline style of `original`, with a UTF-8 BOM if it had one."""
    nl = newline_style(original)
    if nl != "\n":
        text = text.replace("\n", nl)
    bom = codecs.BOM_UTF8 if original.startswith(codecs.BOM_UTF8) else b""
    return bom + text.encode("utf-8")


def replace_atomic(path: str | Path, data: bytes) -> None:
    """Replace the file at `path` (following a symlink to the real file) with `data` so that
    a reader sees the old content or the whole new one; its permission bits are kept."""
    target = Path(os.path.realpath(path))
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(target.parent)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def sidecar_path(path: str | Path) -> Path:
    p = Path(path)
    return p.with_name(p.stem + ".clean.json") if p.suffix else p.with_name(p.name + ".clean.json")


def is_html_document(text: str) -> bool:
    """An HTML page rather than a text dump that quotes some markup: it starts with a tag."""
    return text.lstrip("\ufeff \t\r\n").startswith("<") and looks_like_html(text)


# `clean(result.text)` is meant to remove nothing; where it still does, fix cleans again, at most
# this many times in all, so that `check` passes after `fix`.
MAX_FIX_PASSES = 3


def fix_text(text: str, rules: RuleSet) -> tuple[Result, str]:
    """The first pass's result (its removals refer to the input's lines) and the clean form,
    cleaned again until nothing more is removed (at most MAX_FIX_PASSES passes)."""
    first = result = clean(text, kind="text", rules=rules)
    passes = 1
    while result.removed and passes < MAX_FIX_PASSES:
        result = clean(result.text, kind="text", rules=rules)
        passes += 1
    return first, clean_form(result)


def fix_file(path: str, rules: RuleSet, *, sidecar: bool = False) -> FixOutcome:
    """Rewrite one dump to its clean form when it has findings. Raises `CleanerError`."""
    data = _read(path)
    text = decode(data)
    if is_html_document(text):
        raise CleanerError("is an HTML page; fix rewrites text dumps only (use 'cleaner check --input html')")
    result, form = fix_text(text, rules)
    if not result.removed:
        return FixOutcome(path, False, 0)
    new = encode_like(form, data)
    if new == data:
        return FixOutcome(path, False, len(result.removed))
    side = None
    if sidecar:
        side = sidecar_path(path)
        replace_atomic(side, (json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    replace_atomic(path, new)
    return FixOutcome(path, True, len(result.removed), str(side) if side else None)


def fix_paths(paths: Sequence[str | Path], config: Config, rules: RuleSet, *, sidecar: bool = False
              ) -> tuple[list[FixOutcome], list[FileError]]:
    outcomes: list[FixOutcome] = []
    errors: list[FileError] = []
    for path, err in iter_paths(paths, config):
        if err:
            errors.append(err)
            continue
        try:
            outcomes.append(fix_file(path, rules, sidecar=sidecar))
        except (CleanerError, ValueError) as exc:
            errors.append(FileError(path, str(exc)))
        except OSError as exc:
            errors.append(FileError(path, f"cannot write: {exc.strerror or exc}"))
    return outcomes, errors


def findings_json(findings: Iterable[Finding]) -> str:
    return json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2)
