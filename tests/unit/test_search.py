"""Search by Chinese, pinyin, initials and English."""

from __future__ import annotations

import pytest

from geo.catalog import load_catalog
from geo.search import build_index, pinyin_keys, search


@pytest.fixture(scope="module")
def index():
    return build_index(load_catalog())


def test_pinyin_keys() -> None:
    assert pinyin_keys("江津区") == ("jiangjinqu", "jjq")


# What a search must put first (kind, id; None: any of that kind), and the queries in each script that find it.
FOUND_BY = {
    ("area", "jiangjin"): ["江津区", "jiangjin", "Jiang Jin", "jjq", "Jiangjin District"],
    ("area", "longsheng"): ["龙盛", "longsheng"],
    ("enterprise", None): ["重庆齿轮箱"],
    ("station", "st_basic_02_simianshan"): ["四面山基本站"],
    ("area", None): ["双福"],
}


@pytest.mark.parametrize(
    ("query", "kind", "entry_id"),
    [(query, kind, entry_id) for (kind, entry_id), queries in FOUND_BY.items() for query in queries],
)
def test_finds_by_any_script(index, query: str, kind: str, entry_id: str | None) -> None:
    hits = search(index, query)
    assert hits, query
    top = hits[0]
    assert top.kind == kind
    if entry_id:
        assert top.id == entry_id


def test_areas_rank_before_towns_on_equal_match(index) -> None:
    hits = search(index, "双福")
    assert hits[0].id == "jj_shuangfu"  # 双福片区, a prefix match like the township 双福街道
    assert any(h.kind == "town" and h.id == "500116004" for h in hits)


def test_exact_beats_prefix(index) -> None:
    hits = search(index, "江津区")
    assert hits[0].id == "jiangjin"
    assert all(h.name_zh != "江津区" for h in hits[1:])


def test_empty_and_unmatched_queries(index) -> None:
    assert search(index, "") == [] and search(index, "   ") == []
    assert search(index, "zzzzqqq") == []
    assert len(search(index, "区", limit=5)) == 5
