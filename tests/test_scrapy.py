"""The Scrapy pipeline: a real crawl (spider in a subprocess, local http.server on 127.0.0.1),
and the pipeline's edge cases with real Scrapy items and a real Crawler."""

from __future__ import annotations

import functools
import json
import logging
import os
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

scrapy = pytest.importorskip("scrapy", reason="scrapy is not installed (pip install 'cleaner[scrapy]')")

from scrapy.utils.test import get_crawler  # noqa: E402

from cleaner import CleanerError, clean  # noqa: E402
from cleaner.contrib.scrapy import CleanerPipeline  # noqa: E402

from .conftest import FIXTURES, NOW, ROOT  # noqa: E402

DATA = ROOT / "tests" / "data" / "dumps"
TEXT_CASES = ["daily8-nk-troops", "yahoo-rate-decision", "clean-deep-sea-survey"]
HTML_CASES = ["html-aggregator-daily8-base-href", "html-cp1252-irish-cafe", "html-shiftjis-japanese-rain"]
PIPELINE = "cleaner.contrib.scrapy.CleanerPipeline"

SPIDER = '''
import scrapy

NOW = {now!r}


class PageItem(scrapy.Item):
    url = scrapy.Field()
    page = scrapy.Field()
    fetched = scrapy.Field()
    container = scrapy.Field()
    clean_title = scrapy.Field()
    clean_byline = scrapy.Field()
    clean_published = scrapy.Field()
    clean_body = scrapy.Field()
    clean_related = scrapy.Field()
    clean_error = scrapy.Field()


class PagesSpider(scrapy.Spider):
    name = "pages"
    custom_settings = {{
        "ITEM_PIPELINES": {{{pipeline!r}: 300}},
        "CLEANER_INPUT_FIELD": "page",
        "CLEANER_NOW_FIELD": "fetched",
        "CLEANER_KEEP_INPUT": False,
        "ROBOTSTXT_OBEY": False,
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
        "LOG_LEVEL": "INFO",
        "CLOSESPIDER_TIMEOUT": 60,
        "DOWNLOAD_TIMEOUT": 20,
        "RETRY_ENABLED": False,
    }}

    def __init__(self, base, **kwargs):
        super().__init__(**kwargs)
        self.start_urls = [base + "/index.html"]

    def parse(self, response):
        for i, href in enumerate(response.css("a::attr(href)").getall()):
            yield response.follow(href, self.parse_page, cb_kwargs={{"as_item": i % 2 == 0}})

    def parse_page(self, response, as_item):
        data = {{"url": response.url, "page": response.body, "fetched": NOW,
                 "container": "Item" if as_item else "dict"}}
        yield PageItem(**data) if as_item else data
'''


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture
def site(tmp_path):
    """A local web server on 127.0.0.1 (a free port) serving text dumps, HTML pages (the HTML
    fixtures present in this checkout) and a binary file; stopped after the test."""
    root = tmp_path / "site"
    (root / "pages").mkdir(parents=True)
    files = {}
    for case in TEXT_CASES:
        files[f"pages/{case}.txt"] = (FIXTURES / case / "input.txt").read_bytes()
    for case in HTML_CASES:
        if (FIXTURES / case / "input.html").exists():
            files[f"pages/{case}.html"] = (FIXTURES / case / "input.html").read_bytes()
    files["pages/ferry.txt"] = (DATA / "ferry-dirty.txt").read_bytes()
    files["pages/photo.png"] = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    for rel, data in files.items():
        (root / rel).write_bytes(data)
    links = "".join(f'<li><a href="/{rel}">{rel}</a></li>' for rel in files)
    (root / "index.html").write_text(f"<!doctype html><html><body><ul>{links}</ul></body></html>",
                                     encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", files
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def test_real_crawl_cleans_items(site, tmp_path):
    base, files = site
    spider = tmp_path / "pages_spider.py"
    spider.write_text(SPIDER.format(now=NOW, pipeline=PIPELINE), encoding="utf-8")
    out = tmp_path / "items.jsonl"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    p = subprocess.run([sys.executable, "-m", "scrapy", "runspider", str(spider), "-a", f"base={base}",
                        "-O", f"{out}:jsonlines"], cwd=tmp_path, env=env, capture_output=True, text=True,
                       timeout=180)
    assert p.returncode == 0, p.stderr[-3000:]
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_path = {item["url"].split("/", 3)[3]: item for item in items}
    assert set(by_path) == set(files), p.stderr[-3000:]
    assert {item["container"] for item in items} == {"Item", "dict"}
    assert all("page" not in item for item in items)  # CLEANER_KEEP_INPUT = False

    for rel, data in files.items():
        if rel.endswith(".png"):
            continue
        item = by_path[rel]
        try:
            want = clean(data, url=item["url"], now=NOW)
        except CleanerError as exc:  # e.g. HTML where HTML mode is not available: kept, with the reason
            assert item["clean_error"] == f"{type(exc).__name__}: {exc}" and "clean_body" not in item
            assert rel.endswith(".html")
            continue
        assert "clean_error" not in item, item.get("clean_error")
        assert item["clean_title"] == want.title
        assert item["clean_byline"] == want.byline
        assert item["clean_published"] == want.published
        assert item["clean_body"] == want.body and item["clean_body"]
        assert item["clean_related"] == [r.to_dict() for r in want.related]

    troops = by_path["pages/daily8-nk-troops.txt"]
    assert troops["clean_title"].startswith("Russia could soon get")
    assert "Sputnik / via REUTERS" not in troops["clean_body"]
    assert len(troops["clean_related"]) == 3 and troops["clean_related"][2]["published"] == "2025-07-05"
    assert "Share this article" not in by_path["pages/ferry.txt"]["clean_body"]

    photo = by_path["pages/photo.png"]  # binary: kept, with the reason
    assert photo["clean_error"].startswith("DecodeError:") and "clean_body" not in photo
    html = [rel for rel in files if rel.endswith(".html")]
    assert len(html) == len(HTML_CASES)

    assert "cleaner/cleaned" in p.stderr and "cleaner/errors" in p.stderr
    assert "could not clean" in p.stderr and "Traceback" not in p.stderr


class BareItem(scrapy.Item):
    html = scrapy.Field()
    url = scrapy.Field()
    clean_error = scrapy.Field()


def make(settings=None):
    crawler = get_crawler(settings_dict={"ITEM_PIPELINES": {PIPELINE: 300}, **(settings or {})})
    return CleanerPipeline.from_crawler(crawler)


def test_item_without_output_fields_is_kept_and_explained(caplog):
    pipe = make()
    dump = (DATA / "ferry-dirty.txt").read_text(encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="cleaner.contrib.scrapy"):
        a = pipe.process_item(BareItem(html=dump, url="https://example.com/a"))
        b = pipe.process_item(BareItem(html=dump))
    assert isinstance(a, BareItem) and a["html"] == dump
    assert a["clean_error"].startswith("MissingFields: BareItem does not declare clean_title")
    assert "clean_error" in b
    assert len([r for r in caplog.records if "does not declare" in r.getMessage()]) == 1  # once per class


def test_dict_items_explicit_fields_and_rules(tmp_path):
    pipe = make({"CLEANER_INPUT_FIELD": "text", "CLEANER_OUTPUT_FIELDS": {"body": "article", "removed": "dropped"},
                 "CLEANER_DISABLE": ["CH801"]})
    item = pipe.process_item({"text": (DATA / "ferry-dirty.txt").read_bytes(), "url": None})
    assert set(item) == {"text", "url", "article", "dropped"}
    assert "Share this article" not in item["article"] and "Advertisement" in item["article"]
    assert [r["rule"] for r in item["dropped"]] == ["CH501", "CH601"]


def test_failures_keep_the_item(caplog):
    pipe = make({"CLEANER_OUTPUT_PREFIX": "c_"})
    with caplog.at_level(logging.WARNING, logger="cleaner.contrib.scrapy"):
        missing = pipe.process_item({"url": "https://example.com/x"})
        binary = pipe.process_item({"html": b"\x89PNG\r\n\x1a\n" + bytes(range(256))})
        wrong = pipe.process_item({"html": 42})
    assert missing["c_error"].startswith("MissingInputField: item has no 'html' field")
    assert binary["c_error"].startswith("DecodeError:")
    assert wrong["c_error"].startswith("TypeError:")
    assert sum("could not clean" in r.getMessage() for r in caplog.records) == 3


def test_bad_settings_fail_at_startup(tmp_path):
    with pytest.raises(ValueError, match="unknown part 'bodytext'"):
        make({"CLEANER_OUTPUT_FIELDS": ["bodytext"]})
    with pytest.raises(ValueError, match="CLEANER_KIND"):
        make({"CLEANER_KIND": "pdf"})
    from cleaner import RuleError

    (tmp_path / "bad.toml").write_text("[[rule]]\nid = 'nope'\n", encoding="utf-8")
    with pytest.raises(RuleError):
        make({"CLEANER_RULES": [str(tmp_path / "bad.toml")]})
