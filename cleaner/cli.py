"""The command line: a thin layer over `cleaner.clean()` and the rule registry.

Exit codes: 0 success, 2 usage or input error (one line on stderr, never a traceback),
123 internal error (a bug; one line on stderr).
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from . import __version__, clean
from .decode import decode, normalize_newlines
from .config import resolve_config
from .errors import CleanerError
from .render import render
from .rules.registry import load_rules

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Strip aggregator and news-site chrome from scraped pages.",
    pretty_exceptions_enable=False,
)

# Refuse inputs above this size unless --max-bytes says otherwise (a dump is rarely over 5 MB).
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


class InputKind(str, Enum):
    auto = "auto"
    text = "text"
    html = "html"


class Format(str, Enum):
    json = "json"
    text = "text"
    markdown = "markdown"
    diff = "diff"


def fail(message: str, code: int = 2) -> None:
    typer.echo(f"cleaner: error: {message}", err=True)
    raise typer.Exit(code)


def read_source(path: str, max_bytes: int) -> bytes:
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        p = Path(path)
        if p.is_dir():
            fail(f"{path}: is a directory")
        try:
            with open(p, "rb") as fh:
                data = fh.read(max_bytes + 1)
        except FileNotFoundError:
            fail(f"{path}: no such file")
        except PermissionError:
            fail(f"{path}: permission denied")
        except OSError as exc:
            fail(f"{path}: cannot read: {exc.strerror or exc}")
    if len(data) > max_bytes:
        fail(f"{path}: input larger than --max-bytes ({max_bytes} bytes)")
    return data


def write_atomic(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to `path` so that a reader sees the old file or the whole new one."""
    from .lint import replace_atomic

    replace_atomic(path, text.encode("utf-8"))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cleaner {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """cleaner: a clean body, related articles, and an account of every removal."""


@app.command("clean")
def clean_cmd(
    path: str = typer.Argument("-", help="A text dump or HTML page; '-' reads standard input."),
    input_kind: InputKind = typer.Option(InputKind.auto, "--input", "-i", help="What the input is."),
    fmt: Optional[Format] = typer.Option(None, "--format", "-f", help="Output format [default: json, or the config's]."),
    url: Optional[str] = typer.Option(None, "--url", help="The page's URL (resolves related links)."),
    now: Optional[str] = typer.Option(None, "--now", help="When the page was fetched (ISO); fills 'published'."),
    rules: List[Path] = typer.Option([], "--rules", help="An extra rule pack (TOML); repeatable."),
    disable: List[str] = typer.Option([], "--disable", help="A rule id to switch off; repeatable."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here (atomically) instead of stdout."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", help="Refuse larger inputs."),
    color: Optional[bool] = typer.Option(None, "--color/--no-color", help="Colour the diff (default: on a terminal)."),
    config: Optional[Path] = typer.Option(None, "--config", help="A config file (default: [tool.cleaner] in pyproject.toml)."),
    comments: bool = typer.Option(False, "--comments", help="Add the reader comments to text and markdown output (JSON always has them)."),
    related_kinds: Optional[str] = typer.Option(
        None, "--related", help="Only these kinds of related records, comma-separated: related, more-from, "
                                "most-read, latest, recommended [default: all]."),
) -> None:
    """Clean one page and print the result."""
    try:
        cfg = resolve_config(config, [path]).override(rules=rules, disable=disable)
    except CleanerError as exc:
        fail(str(exc))
    fmt = fmt or Format(cfg.format or "json")
    try:
        ruleset = load_rules(packs=cfg.rules, disable=cfg.disable)
        data = read_source(path, max_bytes)
        text = decode(data, html=None if input_kind == InputKind.auto else input_kind == InputKind.html)
        result = clean(text, kind=input_kind.value, url=url, now=now, rules=ruleset,
                       related_kinds=related_kinds)
    except (CleanerError, ValueError) as exc:
        fail(f"{path}: {exc}" if path != "-" else str(exc))
    if color is None:
        color = output is None and sys.stdout.isatty()
    out = render(result, fmt.value, source_text=normalize_newlines(text), color=color, comments=comments)
    if output is not None:
        try:
            write_atomic(output, out + "\n")
        except OSError as exc:
            fail(f"{output}: cannot write: {exc.strerror or exc}")
    else:
        typer.echo(out)


@app.command("rules")
def rules_cmd(
    family: Optional[str] = typer.Option(None, "--family", help="Only this family."),
    pack: List[Path] = typer.Option([], "--rules", help="Also list an extra rule pack."),
) -> None:
    """List the rules: id, family, scope, engine, name.

    Engine: re2 (matched in the RE2 set), re2+re (the set names candidates, Python's re confirms
    them: a lookaround or word boundary RE2 lacks, a \\w read loosely), re (RE2 cannot
    express it: matched with re alone, a fallback), or - (inline and stage rules)."""
    from .rules.engine import engine_of

    try:
        rs = load_rules(packs=pack)
    except CleanerError as exc:
        fail(str(exc))
    for r in sorted(rs, key=lambda r: r.id):
        if family and r.family != family:
            continue
        flag = "" if r.status == "stable" else f" ({r.status})"
        engine = engine_of(r) if r.scope in ("line", "pair", "zone") else "-"
        typer.echo(f"{r.id:<7} {r.family:<11} {r.scope:<6} {engine or '-':<6} {r.name}{flag}")


@app.command("explain")
def explain_cmd(
    rule_id: str = typer.Argument(..., help="A rule id, e.g. CH401."),
    pack: List[Path] = typer.Option([], "--rules", help="Also look in an extra rule pack."),
) -> None:
    """Print a rule's explanation, risk, examples and counterexamples."""
    try:
        rs = load_rules(packs=pack)
    except CleanerError as exc:
        fail(str(exc))
    r = rs.get(rule_id)
    if r is None:
        fail(f"unknown rule id {rule_id!r}; see 'cleaner rules'")
    lines = [f"{r.id} {r.name}", f"family: {r.family}   scope: {r.scope}   strength: {r.strength}   status: {r.status}",
             "", "What it removes and why:", f"  {r.explanation}"]
    if r.risk:
        lines += ["", "Risk of a false positive:", f"  {r.risk}"]
    if r.examples:
        lines += ["", "Examples (removed):"] + [f"  - {e!r}" for e in r.examples]
    if r.counterexamples:
        lines += ["", "Counterexamples (kept):"] + [f"  - {e!r}" for e in r.counterexamples]
    lines += ["", f"Defined in: cleaner/rules/{r.source}"]
    typer.echo("\n".join(lines))


class CheckFormat(str, Enum):
    text = "text"
    json = "json"


def _lint_setup(paths: List[str], config: Optional[Path], rules: List[Path], disable: List[str],
                include: List[str], exclude: List[str]):
    try:
        cfg = resolve_config(config, paths).override(rules=rules, disable=disable, include=include,
                                                     exclude=exclude)
        return cfg, load_rules(packs=cfg.rules, disable=cfg.disable)
    except CleanerError as exc:
        fail(str(exc))


_PATHS = typer.Argument(..., help="Dump files, or directories to walk for them.")
_INCLUDE_HELP = "A glob of files to pick up in directories (default *.txt, *.dump); repeatable."


@app.command("check")
def check_cmd(
    paths: List[str] = _PATHS,
    fmt: Optional[CheckFormat] = typer.Option(None, "--format", "-f", help="text (path:line:col: ...) or json."),
    input_kind: InputKind = typer.Option(InputKind.text, "--input", "-i", help="What the files are."),
    rules: List[Path] = typer.Option([], "--rules", help="An extra rule pack (TOML); repeatable."),
    disable: List[str] = typer.Option([], "--disable", help="A rule id to switch off; repeatable."),
    include: List[str] = typer.Option([], "--include", help=_INCLUDE_HELP),
    exclude: List[str] = typer.Option([], "--exclude", help="A glob of files or directories to skip; repeatable."),
    config: Optional[Path] = typer.Option(None, "--config", help="A config file (default: [tool.cleaner] in pyproject.toml)."),
) -> None:
    """Report the chrome in text dumps, one line per finding. Exit 1 if any, 0 if clean, 2 on error."""
    from .lint import check_paths, findings_json

    cfg, ruleset = _lint_setup(paths, config, rules, disable, include, exclude)
    findings, errors, _ = check_paths(paths, cfg, ruleset, kind=input_kind.value)
    if (fmt or CheckFormat(cfg.check_format or "text")) == CheckFormat.json:
        typer.echo(findings_json(findings))
    else:
        for f in findings:
            typer.echo(f.format())
    for e in errors:
        typer.echo(f"cleaner: error: {e.format()}", err=True)
    raise typer.Exit(2 if errors else 1 if findings else 0)


@app.command("fix")
def fix_cmd(
    paths: List[str] = _PATHS,
    sidecar: bool = typer.Option(False, "--sidecar", help="Also write <name>.clean.json (related records, removals)."),
    rules: List[Path] = typer.Option([], "--rules", help="An extra rule pack (TOML); repeatable."),
    disable: List[str] = typer.Option([], "--disable", help="A rule id to switch off; repeatable."),
    include: List[str] = typer.Option([], "--include", help=_INCLUDE_HELP),
    exclude: List[str] = typer.Option([], "--exclude", help="A glob of files or directories to skip; repeatable."),
    config: Optional[Path] = typer.Option(None, "--config", help="A config file (default: [tool.cleaner] in pyproject.toml)."),
) -> None:
    """Rewrite text dumps in place to their clean form. Exit 1 if a file changed, 0 if none, 2 on error."""
    from .lint import fix_paths

    cfg, ruleset = _lint_setup(paths, config, rules, disable, include, exclude)
    outcomes, errors = fix_paths(paths, cfg, ruleset, sidecar=sidecar)
    for o in outcomes:
        if o.changed:
            extra = f", wrote {o.sidecar}" if o.sidecar else ""
            typer.echo(f"fixed {o.path} ({o.findings} removals{extra})")
    for e in errors:
        typer.echo(f"cleaner: error: {e.format()}", err=True)
    raise typer.Exit(2 if errors else 1 if any(o.changed for o in outcomes) else 0)


@app.command("batch")
def batch_cmd(
    inputs: List[Path] = typer.Argument(..., help="Files, directories, JSONL (.gz/.zst) or WARC files."),
    output: Path = typer.Option(..., "--output", "-o", help="The JSONL file to write (one line per record)."),
    input_kind: InputKind = typer.Option(InputKind.auto, "--input", "-i", help="What the records are."),
    now: Optional[str] = typer.Option(None, "--now", help="When the pages were fetched (ISO)."),
    rules: List[Path] = typer.Option([], "--rules", help="An extra rule pack (TOML); repeatable."),
    disable: List[str] = typer.Option([], "--disable", help="A rule id to switch off; repeatable."),
    workers: int = typer.Option(0, "--workers", "-j", help="Worker processes (0: all cores)."),
    glob: str = typer.Option("*", "--glob", help="File name pattern inside directories."),
    html_field: str = typer.Option("html", "--html-field", help="JSONL field holding HTML."),
    text_field: str = typer.Option("text", "--text-field", help="JSONL field holding a text dump."),
    url_field: str = typer.Option("url", "--url-field", help="JSONL field holding the page URL."),
    id_field: str = typer.Option("id", "--id-field", help="JSONL field holding the record id."),
    resume: bool = typer.Option(False, "--resume", help="Skip records whose id is already in OUT."),
    timeout: float = typer.Option(60.0, "--timeout", help="Seconds per record (0: no limit)."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", help="Larger records get an error line."),
    stats_path: Optional[Path] = typer.Option(None, "--stats", help="Write the run's summary here as JSON."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, no summary."),
    related_kinds: Optional[str] = typer.Option(
        None, "--related", help="Only these kinds of related records, comma-separated: related, more-from, "
                                "most-read, latest, recommended [default: all]."),
) -> None:
    """Clean many pages into one JSONL file, on all cores."""
    from .batch import cli_run

    cli_run(inputs, output, kind=input_kind.value, now=now, rules=rules, disable=disable, workers=workers,
            glob=glob, fields=(html_field, text_field, url_field, id_field), resume=resume,
            timeout=timeout, max_bytes=max_bytes, stats_path=stats_path, quiet=quiet,
            related_kinds=related_kinds)


@app.command("review")
def review_cmd(
    paths: List[str] = typer.Argument(..., help="Pages, directories, JSONL/WARC files, or a `cleaner batch` output."),
    output: Path = typer.Option(Path("review.html"), "--output", "-o", help="The HTML page to write."),
    input_kind: InputKind = typer.Option(InputKind.auto, "--input", "-i", help="What the pages are."),
    url: Optional[str] = typer.Option(None, "--url", help="The page's URL (resolves related links)."),
    now: Optional[str] = typer.Option(None, "--now", help="When the pages were fetched (ISO)."),
    rules: List[Path] = typer.Option([], "--rules", help="An extra rule pack (TOML); repeatable."),
    disable: List[str] = typer.Option([], "--disable", help="A rule id to switch off; repeatable."),
    glob: str = typer.Option("*", "--glob", help="File name pattern inside directories."),
    max_pages: int = typer.Option(200, "--max-pages", help="Pages shown line by line (the summary counts all)."),
) -> None:
    """Write one self-contained HTML page showing every removal, highlighted by family."""
    from .review import review_paths

    for p in paths:
        if not Path(p).exists():
            fail(f"{p}: no such file or directory")
    try:
        ruleset = load_rules(packs=rules, disable=disable)
        page = review_paths(paths, kind=input_kind.value, now=now, url=url, rules=ruleset,
                            max_pages=max_pages, pattern=glob)
    except (CleanerError, ValueError) as exc:
        fail(str(exc))
    try:
        write_atomic(output, page)
    except OSError as exc:
        fail(f"{output}: cannot write: {exc.strerror or exc}")
    typer.echo(f"wrote {output}")


def main() -> None:
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        typer.echo("cleaner: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # a bug: say so in one line, exit like black does (123)
        typer.echo(f"cleaner: internal error: {type(exc).__name__}: {exc} (please report)", err=True)
        sys.exit(123)


if __name__ == "__main__":  # pragma: no cover
    main()
