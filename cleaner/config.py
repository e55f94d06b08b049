"""Project configuration: `[tool.cleaner]` in a pyproject.toml, or a file given with `--config`.

    [tool.cleaner]
    rules = ["rules/house.toml"]       # extra rule packs (paths relative to this file)
    disable = ["CH801", "ST101"]       # rule ids switched off
    include = ["*.txt", "*.dump"]      # what `check`/`fix` pick up when walking a directory
    exclude = ["fixtures/raw/*"]       # never checked or fixed, walked or named
    format = "markdown"                # default `cleaner clean --format`
    check-format = "text"              # default `cleaner check --format` (text | json)

Discovery: without `--config`, the nearest pyproject.toml with a `[tool.cleaner]` table, walking up
from the common directory of the paths given (or the current directory). The walk stops at the
root of a repository (a directory holding `.git`) after looking there. A `--config` file may be a
pyproject.toml (its `[tool.cleaner]` table is read) or a plain TOML file holding the keys at top
level. A flag on the command line replaces the setting of the same name.

Globs (`include`, `exclude`) use shell patterns: a pattern without "/" matches a file's name or
any directory name on its path; a pattern with "/" matches the path relative to the config file's
directory. When a directory is walked, hidden directories and the usual non-dump places
(`node_modules`, `venv`, `build`, `*.egg-info`, ...) and files (`requirements*.txt`, `LICENSE*`,
...) are skipped too (`DEFAULT_EXCLUDE`); a file named on the command line is only subject to the
user's `exclude`.
"""

from __future__ import annotations

import fnmatch
import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Sequence

from .errors import CleanerError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_INCLUDE = ("*.txt", "*.dump")
# Skipped while walking a directory (never applied to a file named on the command line).
DEFAULT_EXCLUDE = (
    ".*", "__pycache__", "__pypackages__", "node_modules", "venv", "site-packages", "build", "dist",
    "_build", "buck-out", "*.egg-info", "requirements*.txt", "constraints*.txt", "LICENSE*",
    "COPYING*", "NOTICE*", "AUTHORS*", "CMakeLists.txt", "robots.txt",
)
CLEAN_FORMATS = ("json", "text", "markdown", "diff")
CHECK_FORMATS = ("text", "json")
_KEYS = {"rules", "disable", "include", "exclude", "format", "check-format"}


class ConfigError(CleanerError):
    """The configuration file is unreadable or has a bad key or value."""


@dataclass(frozen=True)
class Config:
    """The settings in force. `root` is the directory relative paths and globs refer to."""

    root: Path = field(default_factory=Path.cwd)
    source: Path | None = None
    rules: tuple[Path, ...] = ()
    disable: tuple[str, ...] = ()
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    format: str | None = None
    check_format: str | None = None

    def override(self, *, rules: Sequence[Path] | None = None, disable: Sequence[str] | None = None,
                 include: Sequence[str] | None = None, exclude: Sequence[str] | None = None) -> "Config":
        """Command-line values replace the configured ones; empty or None leaves them."""
        changes: dict[str, Any] = {}
        if rules:
            changes["rules"] = tuple(Path(p) for p in rules)
        if disable:
            changes["disable"] = tuple(disable)
        if include:
            changes["include"] = tuple(include)
        if exclude:
            changes["exclude"] = tuple(exclude)
        return replace(self, **changes) if changes else self

    def excluded(self, path: Path, *, walk_root: Path | None = None) -> bool:
        """Is `path` excluded? `walk_root` set: the file was found by walking that directory,
        so the built-in exclusions apply to the part of its path below the walk root."""
        if self.exclude and _matches(path, self.exclude, self.root):
            return True
        if walk_root is not None:
            try:
                rel = Path(os.path.relpath(path, walk_root))
            except ValueError:  # pragma: no cover - another drive on Windows
                rel = Path(path.name)
            if any(fnmatch.fnmatch(part, pat) for part in rel.parts for pat in DEFAULT_EXCLUDE):
                return True
        return False

    def included(self, path: Path) -> bool:
        return any(fnmatch.fnmatch(path.name, pat) if "/" not in pat else
                   _matches(path, (pat,), self.root) for pat in self.include)


def _matches(path: Path, patterns: Iterable[str], root: Path) -> bool:
    absolute = Path(os.path.abspath(path))
    try:
        rel = PurePosixPath(absolute.relative_to(Path(os.path.abspath(root))).as_posix())
    except ValueError:
        rel = PurePosixPath(absolute.as_posix())
    for pat in patterns:
        pat = pat.rstrip("/")
        if "/" in pat:
            if fnmatch.fnmatch(str(rel), pat.lstrip("/")) or fnmatch.fnmatch(str(rel), pat.lstrip("/") + "/*"):
                return True
        elif any(fnmatch.fnmatch(part, pat) for part in rel.parts):
            return True
    return False


def find_config(start: Path | None = None) -> Path | None:
    """The nearest pyproject.toml with a [tool.cleaner] table at or above `start`."""
    here = Path(os.path.abspath(start or Path.cwd()))
    if here.is_file() or not here.exists():
        here = here.parent
    for directory in (here, *here.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            try:
                data = _read_toml(candidate)
            except ConfigError:
                data = {}
            if isinstance(data.get("tool"), dict) and "cleaner" in data["tool"]:
                return candidate
        if (directory / ".git").exists():
            break
    return None


def load_config(path: Path) -> Config:
    """Read a pyproject.toml's [tool.cleaner] table, or a TOML file of the keys at top level."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: no such config file")
    data = _read_toml(path)
    tool = data.get("tool")
    if isinstance(tool, dict) and "cleaner" in tool:
        table = tool["cleaner"]
    elif path.name == "pyproject.toml":
        table = {}
    else:
        table = data
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.cleaner] must be a table")
    return _from_table(table, path)


def resolve_config(config_file: Path | None, paths: Sequence[str | Path] = ()) -> Config:
    """The Config for one invocation: `--config FILE`, else the discovered one, else defaults."""
    if config_file is not None:
        return load_config(config_file)
    found = find_config(_common_dir(paths))
    return load_config(found) if found else Config()


def _common_dir(paths: Sequence[str | Path]) -> Path:
    real = [os.path.abspath(p) for p in paths if str(p) != "-"]
    if not real:
        return Path.cwd()
    try:
        common = Path(os.path.commonpath(real))
    except ValueError:  # pragma: no cover - different drives
        return Path.cwd()
    return common if common.is_dir() else common.parent


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: bad TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _strings(table: dict, key: str, where: Path) -> tuple[str, ...] | None:
    if key not in table:
        return None
    value = table[key]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: tool.cleaner.{key} must be a list of strings")
    return tuple(value)


def _choice(table: dict, key: str, choices: Sequence[str], where: Path) -> str | None:
    if key not in table:
        return None
    value = table[key]
    if value not in choices:
        raise ConfigError(f"{where}: tool.cleaner.{key} must be one of {', '.join(choices)}, not {value!r}")
    return value


def _from_table(table: dict, path: Path) -> Config:
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(f"{path}: unknown key tool.cleaner.{unknown[0]} (known: {', '.join(sorted(_KEYS))})")
    root = Path(os.path.abspath(path)).parent
    rules = _strings(table, "rules", path) or ()
    include = _strings(table, "include", path)
    return Config(
        root=root,
        source=path,
        rules=tuple(p if p.is_absolute() else root / p for p in map(Path, rules)),
        disable=_strings(table, "disable", path) or (),
        include=include if include is not None else DEFAULT_INCLUDE,
        exclude=_strings(table, "exclude", path) or (),
        format=_choice(table, "format", CLEAN_FORMATS, path),
        check_format=_choice(table, "check-format", CHECK_FORMATS, path),
    )
