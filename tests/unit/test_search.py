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


@pytest.mark.parametrize(
    ("query", "kind", "entry_id"),
    [
        ("江津区", "area", "jiangjin"),
        ("jiangjin", "area", "jiangjin"),
        ("Jiang Jin", "area", "jiangjin"),
        ("jjq", "area", "jiangjin"),
        ("Jiangjin District", "area", "jiangjin"),
        ("龙盛", "area", "longsheng"),
        ("longsheng", "area", "longsheng"),
        ("重庆齿轮箱", "enterprise", None),
        ("四面山基本站", "station", "st_basic_02_simianshan"),
        ("双福", "area", None),
    ],
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
