"""Search areas, enterprises, stations and township units by Chinese name, pinyin or English.

Pinyin comes from ``pypinyin`` (both full syllables, ``jiangjinqu``, and
initials, ``jjq``), so a projector keyboard without a Chinese IME still finds
江津区.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pypinyin import lazy_pinyin

from geo.catalog import Catalog

KIND_ORDER = ("area", "enterprise", "station", "town")


@dataclass(frozen=True)
class Entry:
    """One searchable thing."""

    kind: str
    id: str
    name_zh: str
    name_en: str
    keys: tuple[str, ...]


def _norm(text: str) -> str:
    return re.sub(r"[\s·・,，()()\"“”'’\-]+", "", text).lower()


def pinyin_keys(name_zh: str) -> tuple[str, str]:
    """Return the full pinyin and the initials of a Chinese name, lower case, no spaces."""
    syllables = lazy_pinyin(name_zh, errors="ignore")
    return "".join(syllables).lower(), "".join(s[0] for s in syllables if s).lower()


def build_index(catalog: Catalog) -> tuple[Entry, ...]:
    """Index every area, enterprise, station and township unit of the catalog.

    Parameters
    ----------
    catalog
        The validated data tables.

    Returns
    -------
    tuple of Entry
        One entry per row, with normalised search keys.
    """
    tables = (
        ("area", catalog.areas),
        ("enterprise", catalog.enterprises),
        ("station", catalog.stations),
        ("town", catalog.towns),
    )
    entries = []
    for kind, frame in tables:
        for row_id, row in frame.iterrows():
            zh, en = str(row["name_zh"]), str(row.get("name_en", "") or "")
            full, initials = pinyin_keys(zh)
            keys = tuple(k for k in (_norm(zh), full, initials, _norm(en)) if k)
            entries.append(Entry(kind, str(row_id), zh, en, keys))
    return tuple(entries)


def search(index: tuple[Entry, ...], query: str, limit: int = 8) -> list[Entry]:
    """Return the best matches for a query: exact, then prefix, then substring; areas first on ties.

    Parameters
    ----------
    index
        From :func:`build_index`.
    query
        Chinese, pinyin (with or without spaces) or English, any case.
    limit
        Maximum number of results.

    Returns
    -------
    list of Entry
        Ranked matches; empty for an empty query.
    """
    q = _norm(query)
    if not q:
        return []
    scored = []
    for position, entry in enumerate(index):
        rank = min(
            (0 if key == q else 1 if key.startswith(q) else 2 if q in key else 9 for key in entry.keys), default=9
        )
        if rank < 9:
            scored.append((rank, KIND_ORDER.index(entry.kind), len(entry.name_zh), position, entry))
    scored.sort(key=lambda item: item[:4])
    return [item[-1] for item in scored[:limit]]
