"""Loading and validating the data files."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.catalog import load_catalog
from geo.errors import DataError


def test_real_data_loads() -> None:
    catalog = load_catalog()
    assert len(catalog.areas[catalog.areas["kind"] == "district"]) == 39  # 38 in 2023, 37 in 2026: 两江新区 is new
    assert len(catalog.towns) == 1031
    assert catalog.areas.loc["jiangjin", "name_zh"] == "江津区"


def test_mini_data_is_typed(mini_data: Path) -> None:
    catalog = load_catalog(mini_data)
    rd = catalog.indicators.loc["rd"]
    assert rd["baseline_value"] == 2.4 and rd["target_year"] == 2025
    assert catalog.areas.loc["sector", "industries_zh"] == ("装备", "汽摩")
    assert catalog.stations.loc["st_demo", "count"] == 1


def test_every_problem_is_reported_with_file_row_and_field(mini_data: Path) -> None:
    path = mini_data / "indicators.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",jiangjin,", ",nowhere,").replace(",2020,", ",20x0,", 1)
    lines[2] = lines[2].replace(",target,", ",maybe,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (mini_data / "enterprises.csv").write_text(
        "id,name_zh,name_en,area,industry_zh,industry_en,role_zh,role_en,source,section,lon,lat\n"
        "gear,,x,jiangjin,装备,,龙头,,doc,s,,\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as err:
        load_catalog(mini_data)
    problems = err.value.problems
    assert "indicators.csv row 2 field 'baseline_year': '20x0' is not a whole number" in problems
    assert "indicators.csv row 3 field 'status': 'maybe' is not one of target, result" in problems
    assert "enterprises.csv row 2 field 'name_zh': required but empty" in problems
    assert "indicators.csv row 2 field 'area': 'nowhere' is not a known areas.id" in problems
    assert len(problems) == 4


def test_missing_and_unknown_columns_and_duplicates(mini_data: Path) -> None:
    path = mini_data / "towns.csv"
    text = path.read_text(encoding="utf-8").replace("geonames_id", "geonames")
    path.write_text(text + text.splitlines()[1] + "\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_catalog(mini_data)
    joined = "\n".join(err.value.problems)
    assert "towns.csv: missing column 'geonames_id'" in joined
    assert "towns.csv: unknown column 'geonames'" in joined
    assert "towns.csv row 9 field 'id': '500107109' already used on row 2" in joined


def test_a_column_added_later_may_be_absent_but_is_checked_when_present(mini_data: Path) -> None:
    # the fixture predates the estimate/note and profile columns: its files load, the cells read as empty
    catalog = load_catalog(mini_data)
    assert set(catalog.indicators["estimate"]) == {""} and set(catalog.indicators["note_en"]) == {""}
    assert catalog.areas.loc["sector", "profile_source"] == ()
    path = mini_data / "indicators.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] += ",estimate,note_zh,note_en"
    lines[1] += ",baseline,基期为预计值,baseline estimated"
    lines[2] += ",guess,,"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    areas = mini_data / "areas.csv"
    lines = areas.read_text(encoding="utf-8").splitlines()
    lines = [
        line + (",profile_source,profile_section" if i == 0 else ",doc|nowhere," if i == 1 else ",,")
        for i, line in enumerate(lines)
    ]
    areas.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_catalog(mini_data)
    problems = err.value.problems
    assert "indicators.csv row 3 field 'estimate': 'guess' is not one of value, baseline" in problems
    assert "areas.csv row 2 field 'profile_source': 'nowhere' is not a known sources.id" in problems
    assert (
        "areas.csv row 2 field 'profile_section': 0 item(s), but 'profile_source' has 2: give one per item" in problems
    )
    assert len(problems) == 3


def test_data_error_is_a_value_error() -> None:
    assert issubclass(DataError, ValueError)


def test_a_tables_digest_follows_its_file_and_no_other(mini_data: Path) -> None:
    """The geometry caches key on these digests: an enterprise list must not change the areas' digest."""
    import dataclasses

    before = load_catalog(mini_data)
    enterprises = mini_data / "enterprises.csv"
    enterprises.write_bytes(enterprises.read_bytes() + b"\n")
    after = load_catalog(mini_data)
    assert after.version != before.version
    assert after.digest_of(("towns", "areas", "shapes")) == before.digest_of(("towns", "areas", "shapes"))
    assert after.digest_of(("enterprises",)) != before.digest_of(("enterprises",))
    # a catalog built another way has no digests: it counts as changed with every version
    bare = dataclasses.replace(before, digests={})
    assert bare.digest_of(("areas",)) != dataclasses.replace(bare, version="later").digest_of(("areas",))
