"""The gazetteer's matching rules on small hand-made inputs (the real rebuild is in test_gazetteer_build)."""

from __future__ import annotations

import pytest

from geo.errors import DataError
from geo.gazetteer import (
    Place,
    Unit,
    core_name,
    districts_2026_from_divisions,
    english_name,
    pinyin_name,
    places_from_cities500,
    seats_from_places,
    unit_kind,
)

NAMES = {"A": "甲区", "B": "乙区"}


def place(gid: int, names: set[str], lon: float, fcode: str = "PPLA4", ascii_: str = "X") -> Place:
    return Place(gid, ascii_, ascii_, frozenset(names), lon, 29.0, fcode)


def by_lon(lon: float, lat: float) -> str | None:
    """Two districts side by side: A west of 106.0, B east of it."""
    return "A" if lon < 106.0 else "B"


def test_names_kinds_and_pinyin() -> None:
    assert core_name("双福街道") == "双福" and core_name("红椿土家族乡") == "红椿" and core_name("鱼嘴镇") == "鱼嘴"
    assert [unit_kind(n) for n in ("双福街道", "鱼嘴镇", "红椿土家族乡")] == ["street", "town", "township"]
    assert pinyin_name("马鞍") == "Ma'an" and pinyin_name("双福") == "Shuangfu"
    assert english_name("双福街道", "Shuangfu") == "Shuangfu Subdistrict"
    assert english_name("马鞍街道") == "Ma'an Subdistrict"


def test_full_name_wins_over_core_and_matching_stays_inside_the_district() -> None:
    units = [Unit("1", "双福街道", "A"), Unit("2", "德感街道", "A"), Unit("3", "鱼嘴镇", "A")]
    places = [
        place(10, {"双福街道", "双福"}, 105.5),
        place(11, {"德感"}, 105.6),
        place(12, {"鱼嘴镇"}, 106.5),  # a 鱼嘴 in the other district
    ]
    seats, reasons = seats_from_places(units, places, by_lon, NAMES)
    assert (seats["1"].geonameid, seats["1"].match) == (10, "full")
    assert (seats["2"].geonameid, seats["2"].match) == (11, "core")
    assert "3" not in seats and "乙区" in reasons["3"].zh and "outside" in reasons["3"].en


def test_pinyin_only_for_places_without_a_chinese_name() -> None:
    units = [Unit("1", "南彭街道", "A"), Unit("2", "二圣镇", "A")]
    places = [place(20, set(), 105.5, ascii_="Nanpeng"), place(21, {"尔胜"}, 105.6, ascii_="Ersheng")]
    seats, reasons = seats_from_places(units, places, by_lon, NAMES)
    assert seats["1"].match == "pinyin" and "pinyin" in reasons["1"].en
    assert "2" not in seats  # Ersheng has a Chinese name that is not 二圣: not matched by sound


def test_a_place_claimed_by_two_units_goes_to_neither() -> None:
    units = [Unit("1", "南坪街道", "A"), Unit("2", "南坪镇", "A")]
    seats, reasons = seats_from_places(units, [place(30, {"南坪"}, 105.5)], by_lon, NAMES)
    assert seats == {}
    assert "南坪镇" in reasons["1"].zh and "南坪街道" in reasons["2"].zh


def test_a_full_claim_beats_a_core_claim_on_the_same_place() -> None:
    units = [Unit("1", "南坪街道", "A"), Unit("2", "南坪镇", "A")]
    seats, reasons = seats_from_places(units, [place(30, {"南坪镇", "南坪"}, 105.5)], by_lon, NAMES)
    assert set(seats) == {"2"} and "1" in reasons


def test_township_seats_are_preferred_to_county_seats() -> None:
    units = [Unit("1", "几江街道", "A")]
    places = [place(40, {"几江"}, 105.5, fcode="PPLA3"), place(41, {"几江"}, 105.6, fcode="PPLA4")]
    seats, _ = seats_from_places(units, places, by_lon, NAMES)
    assert seats["1"].geonameid == 41


def test_cities500_lines_are_filtered_to_one_admin1() -> None:
    row = ["1805798", "Jijiang", "Jijiang", "几江,几江街道", "29.28993", "106.25001", "P", "PPLA3", "CN", "", "33"]
    other = [*row[:10], "32"]
    places = places_from_cities500(["\t".join(row) + "\n", "\t".join(other) + "\n", "short\n"])
    assert [(p.geonameid, p.lon, p.lat, "几江街道" in p.alternates) for p in places] == [
        (1805798, 106.25001, 29.28993, True)
    ]


def test_the_2025_change_moves_units_by_the_new_list() -> None:
    units = [
        Unit("1", "人和街道", "500112"),
        Unit("2", "大湾镇", "500112"),
        Unit("3", "水土街道", "500109"),
        Unit("4", "天生街道", "500109"),
        Unit("5", "几江街道", "500116"),
    ]
    current = {
        "500157000000": {"county": "两江新区", "townships": {"人和街道": "", "水土街道": ""}},
        # the package still lists 水土 under 北碚 as well: the new district's list decides
        "500109000000": {"county": "北碚区", "townships": {"大湾镇": "", "水土街道": "", "天生街道": ""}},
        "500116000000": {"county": "江津区", "townships": {"几江街道": ""}},
    }
    moved = districts_2026_from_divisions(units, current, ("500105", "500109", "500112"), "500157")
    assert {c: m.district for c, m in moved.items()} == {
        "1": "500157", "2": "500109", "3": "500157", "4": "500109", "5": "500116",
    }  # fmt: skip


def test_a_unit_no_current_list_places_is_an_error() -> None:
    units = [Unit("1", "人和街道", "500112"), Unit("2", "失踪镇", "500112")]
    current = {"500157000000": {"county": "两江新区", "townships": {"人和街道": "", "幽灵街道": ""}}}
    with pytest.raises(DataError) as err:
        districts_2026_from_divisions(units, current, ("500112",), "500157")
    assert any("失踪镇" in p for p in err.value.problems) and any("幽灵街道" in p for p in err.value.problems)


def test_a_suffix_change_is_recorded_as_the_2026_name() -> None:
    units = [Unit("1", "大木乡", "500102")]
    current = {"500102000000": {"county": "涪陵区", "townships": {"大木镇": ""}}}
    assert districts_2026_from_divisions(units, current, (), "500157")["1"].name == "大木镇"
