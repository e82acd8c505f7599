"""Provenance: which rows of each data file cite each source, per-file accounting, how each geometry was made.

Everything is derived from ``data/schema.toml`` (the tables, their files and
which field references ``sources.id``), so a new data file is accounted for
without touching this module.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from geo.catalog import Catalog
from geo.recipes import parse_recipe
from geo.units import units_of_area

SOURCE_REF = "sources.id"
CITATION_COLUMNS = ["source", "table", "file", "field", "count", "ids"]


def citing_fields(schema: dict) -> dict[str, tuple[str, ...]]:
    """Return, for each table, the fields that reference a source.

    Parameters
    ----------
    schema
        The parsed ``schema.toml`` tables (from :func:`geo.catalog.load_schema`).

    Returns
    -------
    dict
        Table name -> fields whose ``ref`` is ``sources.id`` (empty for tables that cite none).
    """
    return {
        name: tuple(col for col, spec in table["fields"].items() if spec.get("ref") == SOURCE_REF)
        for name, table in schema.items()
    }


def source_citations(catalog: Catalog, schema: dict) -> pd.DataFrame:
    """Return which rows of each data file cite each source.

    Parameters
    ----------
    catalog
        The validated data tables.
    schema
        The parsed ``schema.toml`` tables.

    Returns
    -------
    pandas.DataFrame
        One row per (source, table, citing field) with at least one citation:
        ``source``, ``table``, ``file``, ``field``, ``count`` and ``ids`` (the
        citing row ids, in data order). Ordered by the sources table, then the schema.
    """
    records = []
    for name, fields in citing_fields(schema).items():
        frame = catalog.table(name)
        for col in fields:
            cited: dict[str, list[str]] = {}
            for row_id, value in frame[col].items():
                for source in _cited(value):
                    cited.setdefault(source, []).append(str(row_id))
            for source, ids in cited.items():
                records.append((source, name, schema[name]["file"], col, len(ids), tuple(ids)))
    out = pd.DataFrame.from_records(records, columns=CITATION_COLUMNS)
    order = {s: i for i, s in enumerate(catalog.sources.index)}
    tables = {n: i for i, n in enumerate(schema)}
    rank = [(order.get(s, len(order)), tables[t]) for s, t in zip(out["source"], out["table"], strict=True)]
    return out.iloc[sorted(range(len(out)), key=rank.__getitem__)].reset_index(drop=True)


def _cited(value: object) -> tuple[str, ...]:
    """Return the sources one cell cites: a source field holds one id, a list field (a tuple) several."""
    items = value if isinstance(value, tuple) else (value,)
    return tuple(dict.fromkeys(str(v) for v in items if v))


def _references(fields: dict) -> tuple[str, ...]:
    return tuple(f"{col} → {spec['ref']}" for col, spec in fields.items() if "ref" in spec)


def file_accounting(catalog: Catalog, schema: dict) -> pd.DataFrame:
    """Account for every data file of the schema: rows, fields, citations and references.

    Parameters
    ----------
    catalog
        The validated data tables.
    schema
        The parsed ``schema.toml`` tables.

    Returns
    -------
    pandas.DataFrame
        One row per table, in schema order: ``table``, ``file``, ``doc``,
        ``rows``, ``fields``, ``citing_fields``, ``cited_rows`` (rows that
        cite a source), ``sources_cited`` (distinct sources) and ``references``
        (``field → table.field`` links).
    """
    cites = citing_fields(schema)
    records = []
    for name, table in schema.items():
        frame = catalog.table(name)
        fields = cites[name]
        cells = [frame[col].map(_cited) for col in fields]
        cited = (
            pd.concat([c.map(bool) for c in cells], axis=1).any(axis=1)
            if cells
            else pd.Series(False, index=frame.index)
        )
        sources = {s for c in cells for v in c for s in v}
        records.append(
            {
                "table": name,
                "file": table["file"],
                "doc": table.get("doc", ""),
                "rows": len(frame),
                "fields": len(table["fields"]),
                "citing_fields": fields,
                "cited_rows": int(cited.sum()),
                "sources_cited": len(sources),
                "references": _references(table["fields"]),
            }
        )
    return pd.DataFrame.from_records(records)


def uncited_sources(catalog: Catalog, schema: dict) -> tuple[str, ...]:
    """Return the sources that no row of any file cites in a source field.

    Parameters
    ----------
    catalog
        The validated data tables.
    schema
        The parsed ``schema.toml`` tables.

    Returns
    -------
    tuple of str
        Source ids in the order of the sources table (they may still be named
        in notes, e.g. a printed official area or a list of constituent towns).
    """
    cited = set(source_citations(catalog, schema)["source"])
    return tuple(s for s in catalog.sources.index if s not in cited)


def _seat_sources(codes: tuple[str, ...], towns: pd.DataFrame) -> str:
    counts = Counter(towns.loc[c, "seat_source"] or "none" for c in codes if c in towns.index)
    return ", ".join(f"{source} ×{n}" for source, n in counts.items())


def geometry_provenance(catalog: Catalog, year: int) -> pd.DataFrame:
    """Return how every area's geometry was made and how accurate it is.

    Parameters
    ----------
    catalog
        The validated data tables.
    year
        The year of the administrative divisions (a district's units depend on it).

    Returns
    -------
    pandas.DataFrame
        Indexed by area id: ``method`` (one of :data:`geo.recipes.METHODS`),
        ``recipe`` (as written), ``accuracy``, ``accuracy_note_zh``,
        ``accuracy_note_en``, ``units`` (the township units it is built from or
        placed in) and ``seat_sources`` (the sources of their seats, with counts).
    """
    areas = catalog.areas
    records = []
    for area_id, row in areas.iterrows():
        recipe = parse_recipe(row["geometry"])
        in_seat = recipe.method in ("seat", "circle")
        units = recipe.refs if in_seat else tuple(units_of_area(catalog, str(area_id), year).index)
        records.append(
            {
                "id": area_id,
                "method": recipe.method,
                "recipe": row["geometry"],
                "accuracy": row["accuracy"],
                "accuracy_note_zh": row["accuracy_note_zh"],
                "accuracy_note_en": row["accuracy_note_en"],
                "units": units,
                "seat_sources": _seat_sources(units, catalog.towns) if recipe.method != "district" else "",
            }
        )
    return pd.DataFrame.from_records(records).set_index("id", drop=False)
