"""The datatrove step, for real: a LocalPipelineExecutor with two tasks reads WARC and JSONL files
the test writes, cleans them with CleanerStep, and writes them with JsonlWriter."""

from __future__ import annotations

import gzip
import io
import json

import pytest

pytest.importorskip("datatrove", reason="datatrove is not installed (pip install -e '.[test]')")
pytest.importorskip("orjson", reason="orjson is not installed (pip install -e '.[test]')")
pytest.importorskip("cchardet", reason="faust-cchardet is not installed (pip install -e '.[test]')")
pytest.importorskip("magic", reason="python-magic or the system's libmagic is missing (apt-get install libmagic1)")

from cleaner import clean  # noqa: E402

from .conftest import FIXTURES, NOW  # noqa: E402

HTML_CASES = ["html-trap-comments-newsletter", "html-wire-ap-ferry", "html-german-hitzewelle",
              "html-section-front-not-article"]
TEXT_CASES = ["daily8-nk-troops", "bbc-village-bus", "fr-canicule-lyon", "clean-library-reopens"]
WARC_DATE = "2025-07-06T12:00:00Z"
MAX_BYTES = 200_000


def _write_warc(path, cases):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for case in cases:
            body = (FIXTURES / case / "input.html").read_bytes()
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            rec = writer.create_warc_record(f"https://news.example/{case}", "response", payload=io.BytesIO(body),
                                            http_headers=http,
                                            warc_headers_dict={"WARC-Date": WARC_DATE,
                                                               "WARC-Identified-Payload-Type": "text/html"})
            writer.write_record(rec)
        # a request record and an image are not pages: the reader passes over them
        req = writer.create_warc_record("https://news.example/img.png", "request", payload=io.BytesIO(b"GET /"),
                                        warc_headers_dict={"WARC-Date": WARC_DATE})
        writer.write_record(req)


def _write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def _read_outputs(folder) -> dict[str, dict]:
    out = {}
    for f in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(f, "rt", encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                assert d["id"] not in out
                out[d["id"]] = d
    return out


def test_pipeline_with_two_tasks_cleans_every_record_in_full(tmp_path):
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader, WarcReader
    from datatrove.pipeline.writers import JsonlWriter

    from cleaner.contrib.datatrove import CleanerStep

    warcs, dumps = tmp_path / "warc", tmp_path / "dumps"
    warcs.mkdir()
    dumps.mkdir()
    _write_warc(warcs / "a.warc.gz", HTML_CASES[:2])
    _write_warc(warcs / "b.warc.gz", HTML_CASES[2:])
    rows = [{"id": case, "text": (FIXTURES / case / "input.txt").read_text(encoding="utf-8"),
             "url": f"https://agg.example/{case}"} for case in TEXT_CASES]
    too_large = {"id": "too-large", "text": "A line of a very long dump.\n" * (MAX_BYTES // 20)}
    _write_jsonl(dumps / "a.jsonl", rows[:2] + [too_large])
    _write_jsonl(dumps / "b.jsonl", rows[2:])

    out, logs = tmp_path / "out", tmp_path / "logs"
    LocalPipelineExecutor(
        pipeline=[
            WarcReader(str(warcs), glob_pattern="*.warc.gz"),
            JsonlReader(str(dumps), glob_pattern="*.jsonl", compression=None),
            CleanerStep(kind="auto", now=NOW, max_bytes=MAX_BYTES),
            JsonlWriter(str(out)),
        ],
        tasks=2, logging_dir=str(logs),
    ).run()

    docs = _read_outputs(out)
    assert len(list(out.glob("*.jsonl.gz"))) == 2, "both tasks wrote their share"
    by_url = {d["metadata"].get("url"): d for d in docs.values()}
    # every record came through, nothing dropped: 4 WARC pages, 4 dumps, the one that fails
    assert len(docs) == len(HTML_CASES) + len(TEXT_CASES) + 1

    for case in HTML_CASES:
        doc = by_url[f"https://news.example/{case}"]
        want = clean((FIXTURES / case / "input.html").read_bytes(), kind="html",
                     url=f"https://news.example/{case}", now=WARC_DATE)
        _check(doc, want)
    for case in TEXT_CASES:
        want = clean((FIXTURES / case / "input.txt").read_text(encoding="utf-8"), kind="auto",
                     url=f"https://agg.example/{case}", now=NOW)
        _check(docs[case], want)

    failed = docs["too-large"]
    assert failed["text"] == too_large["text"], "a document that fails keeps its text"
    assert failed["metadata"]["cleaner_error"].startswith("InputTooLarge")
    assert "title" not in failed["metadata"]

    # the section front is not an article: it goes on with an empty body (drop_empty=False)
    assert by_url["https://news.example/html-section-front-not-article"].get("text", "") == ""

    stats = json.loads((logs / "stats.json").read_text())
    step = next(s for s in stats if "cleaner" in s["name"])["stats"]
    assert step["total"] == len(docs) and step["errors"] == 1 and step["cleaned"] == len(docs) - 1
    assert step["forwarded"] == len(docs) and step["empty"] >= 1
    families: dict[str, int] = {}
    for d in docs.values():
        for fam, n in (d["metadata"].get("removals") or {}).items():
            families[fam] = families.get(fam, 0) + n
    assert families
    for fam, n in families.items():
        got = step[f"removed_{fam}"]
        assert (got["total"] if isinstance(got, dict) else got) == n


def _check(doc: dict, want) -> None:
    meta = doc["metadata"]
    assert doc.get("text", "") == want.body, doc["id"]  # JsonlWriter leaves out empty values
    assert meta["title"] == want.title and meta["byline"] == want.byline
    assert meta["published"] == want.published
    assert meta["related"] == [r.to_dict() for r in want.related]
    fams: dict[str, int] = {}
    for r in want.removed:
        fams[r.family] = fams.get(r.family, 0) + 1
    assert meta["removals"] == fams
    assert "cleaner_error" not in meta


def test_step_options_and_errors():
    from datatrove.data import Document

    from cleaner.contrib.datatrove import CleanerStep

    page = (FIXTURES / "daily8-nk-troops" / "input.txt").read_text(encoding="utf-8")
    step = CleanerStep(kind="text", prefix="clean_", fields=("title", "removals"), keep_source="page",
                       now_key=None, now=NOW)
    docs = list(step.run(iter([Document(text=page, id="a", metadata={}),
                               Document(text="", id="b", metadata={})])))
    assert [d.id for d in docs] == ["a", "b"]
    assert set(docs[0].metadata) == {"clean_title", "clean_removals", "page"}
    assert docs[0].metadata["page"] == page and docs[0].text == clean(page, kind="text", now=NOW).body
    thread = (FIXTURES / "comments-en-news-thread" / "input.txt").read_text(encoding="utf-8")
    with_comments = CleanerStep(kind="text", comments=True, now=NOW)
    doc = next(with_comments.run(iter([Document(text=thread, id="t", metadata={})])))
    assert [c["author"] for c in doc.metadata["comments"]][:2] == ["Rosa Delgado", "Tom Brennan"]
    assert "Rosa Delgado" not in doc.text
    dropping = CleanerStep(kind="text", drop_empty=True)
    assert [d.id for d in dropping.run(iter([Document(text="Home\nShare", id="c", metadata={})]))] == []
    with pytest.raises(ValueError):
        CleanerStep(kind="pdf")
    with pytest.raises(ValueError):
        CleanerStep(fields=("title", "nope"))


def test_a_bad_warc_date_does_not_fail_the_page():
    from datatrove.data import Document

    from cleaner.contrib.datatrove import CleanerStep

    step = CleanerStep(kind="text")
    doc = Document(text="A headline for a story\n\nThe story runs long enough to be its body text here.",
                   id="x", metadata={"date": "not a date", "url": 12})
    assert step.clean_document(doc) and "cleaner_error" not in doc.metadata


def test_readme_snippet_builds_the_pipeline():
    from .test_readme_integrations import block

    code = block("## datatrove", "python")
    assert code.rstrip().endswith(").run()")
    ns: dict = {}
    exec(code.rstrip()[: -len(".run()")].replace("LocalPipelineExecutor(", "executor = LocalPipelineExecutor(", 1),
         ns)
    from cleaner.contrib.datatrove import CleanerStep

    steps = ns["executor"].pipeline
    assert any(isinstance(s, CleanerStep) for s in steps) and ns["executor"].tasks == 16


def test_step_keeps_only_the_asked_related_kinds():
    from datatrove.data import Document

    from cleaner.contrib.datatrove import CleanerStep

    page = (FIXTURES / "feed-card-list-no-heading" / "input.txt").read_text(encoding="utf-8")
    every = next(CleanerStep(kind="text", now=NOW).run(iter([Document(text=page, id="a", metadata={})])))
    assert {r["kind"] for r in every.metadata["related"]} == {"related", "most-read"}
    step = CleanerStep(kind="text", now=NOW, related_kinds="most-read")
    doc = next(step.run(iter([Document(text=page, id="a", metadata={})])))
    assert [r["kind"] for r in doc.metadata["related"]] == ["most-read"] * 3
    with pytest.raises(ValueError):
        CleanerStep(related_kinds=["popular"])
