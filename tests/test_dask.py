"""cleaner.dask on a real local cluster (two worker processes): same lines as `cleaner batch`."""

from __future__ import annotations

import gzip
import json

import pytest

pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")

from cleaner.batch import BatchOptions, run_batch  # noqa: E402
from cleaner.dask import clean_bag, read_records  # noqa: E402

from .conftest import NOW  # noqa: E402
from .test_batch import TEXTS, write_jsonl  # noqa: E402


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, host="127.0.0.1") as cluster, \
            distributed.Client(cluster) as c:
        yield c


def test_clean_bag_matches_batch(client, tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl.gz"
    write_jsonl(a, 7)
    write_jsonl(b, 5, opener=gzip.open)
    with open(a, "a", encoding="utf-8") as fh:
        fh.write("{broken\n")
    bag = read_records([a, b])
    assert bag.npartitions == 2
    assert read_records(str(tmp_path / "*.jsonl*")).npartitions == 2
    lines = clean_bag(bag, now=NOW).compute()
    ref = tmp_path / "ref.jsonl"
    run_batch([a, b], ref, BatchOptions(workers=1, now=NOW))
    assert lines == [json.loads(x) for x in ref.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 13 and lines[7]["error"].startswith("invalid JSON")
    # the recipe from README: JSONL out, one file per partition
    clean_bag(bag, now=NOW).map(json.dumps).to_textfiles(str(tmp_path / "out" / "part-*.jsonl"))
    parts = sorted((tmp_path / "out").glob("part-*.jsonl"))
    assert len(parts) == 2
    assert sum(len(p.read_text().splitlines()) for p in parts) == 13


def test_clean_bag_of_plain_objects(client):
    import dask.bag as db

    name = sorted(TEXTS)[0]
    bag = db.from_sequence([{"id": "x", "text": TEXTS[name]}, TEXTS[name], 7], npartitions=2)
    out = clean_bag(bag, kind="text", disable=["CH401"]).compute()
    assert [o["id"] for o in out][0] == "x"
    assert out[0]["body"] == out[1]["body"] and out[0]["error"] is None
    assert out[2]["error"] and out[2]["body"] is None
    assert all(r["rule"] != "CH401" for o in out[:2] for r in o["removed"])
