"""The real map's geography: the divisions of each year, zones made of their units, nothing invented."""

from __future__ import annotations

import pytest
import shapely

from geo.areas import areas_from_catalog, base_from_catalog, unit_codes
from geo.recipes import parse_recipe
from geo.select import AreaIndex

JIJIANG = "500116001"  # 几江街道: Jiangjin's old town, not part of the Science City (003 专栏8: "几江半岛")


@pytest.fixture(scope="module")
def years(catalog):
    base = base_from_catalog(catalog)
    return {year: areas_from_catalog(catalog, year, base=base) for year in (2023, 2026)}


def districts(areas) -> set[str]:
    return set(areas.index[areas["kind"] == "district"])


def test_2026_has_37_districts_with_liangjiang_and_without_jiangbei_or_yubei(years) -> None:
    now = districts(years[2026])
    assert len(now) == 37
    assert "liangjiang_district" in now and not now & {"jiangbei", "yubei"}


def test_2023_has_the_38_districts_the_plans_were_written_under(years) -> None:
    then = districts(years[2023])
    assert len(then) == 38
    assert {"jiangbei", "yubei"} <= then and "liangjiang_district" not in then


def test_new_liangjiang_is_jiangbei_and_yubei_less_five_towns_plus_five_beibei_units(catalog, years) -> None:
    towns = catalog.towns
    members = set(towns.index[towns["district_2026"] == "500157"])
    assert len(members) == 42  # 31 streets and 11 towns, as announced
    assert (towns.loc[list(members), "kind"] == "street").sum() == 31
    moved_in = {c for c in members if towns.loc[c, "district_2023"] == "500109"}
    assert set(towns.loc[list(moved_in), "name_zh"]) == {"水土街道", "复兴街道", "蔡家岗街道", "施家梁镇", "童家溪镇"}
    to_beibei = towns[(towns["district_2023"] == "500112") & (towns["district_2026"] == "500109")]
    assert set(to_beibei["name_zh"]) == {"大湾镇", "统景镇", "大盛镇", "兴隆镇", "茨竹镇"}
    assert (towns["district_2026"] == "500109").sum() == 17  # 6 streets and 11 towns
    now, then = years[2026], years[2023]
    # no ground is lost or gained by the change
    before = then.loc[["jiangbei", "yubei", "beibei"], "area_km2"].sum()
    assert now.loc[["liangjiang_district", "beibei"], "area_km2"].sum() == pytest.approx(before, rel=1e-3)
    assert now.loc["liangjiang_district", "accuracy"] == now.loc["beibei", "accuracy"] == "partly_approximate"


def test_liangjiang_district_contains_longsheng_and_shuitu(years) -> None:
    now = years[2026]
    district = now.geometry.loc["liangjiang_district"].buffer(1e-6)
    assert district.contains(now.geometry.loc["longsheng"])
    assert district.contains(now.geometry.loc["shuitu_hitech_city"])
    assert now.geometry.loc["shuitu_hitech_city"].geom_type == "Point"  # no extent is published


def _seats(catalog):
    towns = catalog.towns
    return {c: shapely.Point(r["lon"], r["lat"]) for c, r in towns[towns["lon"].notna()].iterrows()}


def test_every_zone_holds_the_seats_of_all_its_units_and_of_no_other(catalog, years) -> None:
    seats = _seats(catalog)
    zones = [
        (area_id, parse_recipe(text))
        for area_id, text in catalog.areas["geometry"].items()
        if text.startswith("units:")
    ]
    assert {"cq_hitech_core", "sci_city", "jj_sci", "longsheng", "xipeng_park", "liangjiang"} <= {z for z, _ in zones}
    for area_id, recipe in zones:
        mine = set(unit_codes(recipe, catalog.towns))
        zone = years[2026].geometry.loc[area_id]
        shapely.prepare(zone)
        inside = {c for c, p in seats.items() if zone.contains(p)}
        assert inside == mine & set(seats), area_id


def test_jiangjin_section_leaves_out_jijiang(catalog, years) -> None:
    jijiang = _seats(catalog)[JIJIANG]
    for area_id in ("jj_sci", "sci_city"):
        assert not years[2026].geometry.loc[area_id].contains(jijiang)


def test_a_click_at_the_seat_of_jijiang_selects_no_part_of_the_science_city(years) -> None:
    index = AreaIndex.from_areas(years[2026])
    jijiang = (106.25001, 29.28993)
    for zoom in (9, 12, 15):  # 9: the default view; 德感's marker is drawn 8 px away there
        hits = index.hits(*jijiang, zoom=zoom)
        assert hits and not set(hits) & {"sci_city", "jj_sci", "cq_hitech_core", "jj_shuangfu", "jj_degan"}
    assert index.hits(*jijiang, layers=("districts", "science_city")) == ["jiangjin"]


def test_nothing_is_drawn_with_an_invented_extent(catalog, years) -> None:
    methods = {parse_recipe(text).method for text in catalog.areas["geometry"]}
    assert methods <= {"district", "units", "seat", "circle", "union", "shape", "none"}
    now = years[2026]
    assert set(now["accuracy"]) <= {"boundary", "partly_approximate", "approximate", "point", "schematic"}
    circles = now[now["method"] == "circle"]
    assert list(circles.index) == ["jj_jtu_circle"]  # the one assumed size, labelled schematic
    assert (circles["accuracy"] == "schematic").all()
    assert now.loc["jj_jtu_circle", "layer"] == "circles"
    # areas that are only named somewhere are points at their town's seat, never circles
    for area_id in ("jj_shuangfu", "jj_degan", "luohuang_area", "baisha_park", "tuanjiehu", "guangxing_sme"):
        assert now.geometry.loc[area_id].geom_type == "Point", area_id


def test_every_drawn_feature_names_its_method_and_accuracy(years) -> None:
    for areas in years.values():
        assert areas["method"].notna().all() and (areas["method"] != "").all()
        assert areas["accuracy"].notna().all() and (areas["accuracy"] != "").all()


def test_zhaomushan_is_listed_not_drawn(catalog, years) -> None:
    assert "zhaomushan" not in years[2026].index
    assert "no source" in catalog.areas.loc["zhaomushan", "accuracy_note_en"]
