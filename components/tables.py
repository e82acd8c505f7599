"""The display tables and text lines the widgets show: built from the data, never drawn here.

Every function returns a ``DataFrame``, a ``Series`` or strings, translated
with :func:`components.i18n.t`; none calls Streamlit (a test keeps this module
free of it), so each is tested on its own and the widgets of
``components/*_view.py`` and ``components/area_panel.py`` import them from here
rather than from one another. Values stay as printed; computed ones (change,
pace, progress) are labelled so by the widgets.
"""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd

from components.i18n import STRINGS, md_name_of, name_of, t
from components.status import status_label
from geo.catalog import Catalog
from geo.compare import map_values, value_points
from geo.display import localized, localized_column
from geo.escape import escape_markdown
from geo.indicators import is_estimate, printed_value, target_math
from geo.provenance import file_accounting, geometry_provenance
from geo.units import district_of_unit, units_of_area

GEOMETRY_RANK = {"approximate": 0, "point": 1, "schematic": 2, "not_mapped": 3}  # zones first, districts last


# --- sources and citations ---------------------------------------------------------------------------------------


def source_label(catalog: Catalog, source_id: str, section: str, lang: str) -> str:
    """Return a citation: ``《title》 · section`` (English title in English)."""
    title = localized(catalog.sources.loc[source_id], "title", lang)
    if lang != "en" and "《" not in title:
        title = f"《{title}》"
    return f"{title} · {section}" if section else title


def profile_citation(row: pd.Series, catalog: Catalog, lang: str) -> str:
    """Return the citation of an area's positioning, industries and platforms.

    They come from ``profile_source`` (with ``profile_section`` at the same
    position) where given, e.g. a district whose own source is its boundary's;
    else from the row's ``source`` and ``section``.
    """
    sources = tuple(row.get("profile_source", ()) or ())
    if not sources:
        return source_label(catalog, row["source"], row["section"], lang)
    sections = tuple(row.get("profile_section", ()) or ())
    labels = [source_label(catalog, s, sections[i] if i < len(sections) else "", lang) for i, s in enumerate(sources)]
    return (";" if lang == "zh" else "; ").join(labels)


def source_title(row: pd.Series, lang: str) -> str:
    """Return a source's title in the citation style of the sources page: 《title_zh》, or the English title."""
    title = localized(row, "title", lang)
    return title if lang == "en" else f"《{title}》"


def sources_table(catalog: Catalog, citations: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return one row per source: title, issuer, date, kind, licence, address and how many rows cite it."""
    src = catalog.sources
    cited = citations.groupby("source")["count"].sum()
    return pd.DataFrame(
        {
            t("src_col_title", lang): [source_title(r, lang) for _, r in src.iterrows()],
            t("src_col_issuer", lang): localized(src, "issuer", lang),
            t("src_col_date", lang): [d or t("src_no_date", lang) for d in src["date"]],
            t("src_col_kind", lang): [t(f"src_kind_{k}", lang) for k in src["kind"]],
            t("src_col_licence", lang): src["licence"],
            t("src_col_url", lang): src["url"],
            t("src_col_cited_rows", lang): [int(cited.get(s, 0)) for s in src.index],
        }
    )


def cited_row_label(frame: pd.DataFrame, row_id: str, catalog: Catalog, lang: str) -> str:
    """Return how a row citing a source is named: its name (or id), and its area's name where it has one."""
    row = frame.loc[row_id]
    label = name_of(row, lang) if "name_zh" in frame.columns else row_id
    if "area" in frame.columns and (row["area"] in catalog.areas.index or row["area"] in catalog.towns.index):
        area = name_of(catalog.area_row(row["area"]), lang)
        label = f"{label} ({area})" if lang == "en" else f"{label}({area})"
    return label


def files_table(catalog: Catalog, schema: dict, lang: str) -> pd.DataFrame:
    """Return the per-file accounting of every data file in the schema."""
    acc = file_accounting(catalog, schema)
    return pd.DataFrame(
        {
            t("src_col_file", lang): acc["file"],
            t("src_col_table", lang): acc["table"],
            t("src_col_rows", lang): acc["rows"],
            t("src_col_fields", lang): acc["fields"],
            t("src_col_citing_field", lang): [", ".join(f) for f in acc["citing_fields"]],
            t("src_col_cited", lang): acc["cited_rows"],
            t("src_col_sources", lang): acc["sources_cited"],
            t("src_col_links", lang): ["; ".join(r) for r in acc["references"]],
            t("src_col_doc", lang): acc["doc"],
        }
    )


def geometry_table(catalog: Catalog, drawn: gpd.GeoDataFrame, year: int, lang: str) -> pd.DataFrame:
    """Return every area's geometry method, recipe, accuracy, units and note, with computed and printed sizes.

    ``drawn`` holds the areas of ``year`` as mapped (their ``accuracy`` and ``area_km2``).
    """
    geo = geometry_provenance(catalog, year)
    geo = geo.iloc[sorted(range(len(geo)), key=lambda i: GEOMETRY_RANK.get(geo["accuracy"].iloc[i], 4))]
    areas = catalog.areas
    accuracy = [drawn.loc[a, "accuracy"] if a in drawn.index else geo.loc[a, "accuracy"] for a in geo.index]
    return pd.DataFrame(
        {
            t("col_area", lang): [name_of(areas.loc[a], lang) for a in geo.index],
            t("panel_kind", lang): [t(f"kind_{k}", lang) for k in areas.loc[geo.index, "kind"]],
            t("src_col_method", lang): [t(f"src_method_{m}", lang) for m in geo["method"]],
            t("src_col_accuracy", lang): [t(f"acc_{a}", lang) for a in accuracy],
            t("src_col_units", lang): [", ".join(catalog.towns.loc[list(u), "name_zh"]) for u in geo["units"]],
            t("src_col_points", lang): geo["seat_sources"],
            t("src_col_computed_km2", lang): [
                round(float(drawn.loc[a, "area_km2"]), 1) if a in drawn.index and accuracy[i] != "point" else None
                for i, a in enumerate(geo.index)
            ],
            t("panel_official_area", lang): areas.loc[geo.index, "official_area_text"],
            t("src_col_recipe", lang): geo["recipe"],
            t("src_col_note", lang): localized(geo, "accuracy_note", lang),
        }
    )


def gazetteer_table(catalog: Catalog, lang: str) -> pd.DataFrame:
    """Return, per 2023 district, how many township units it has and how their seats were found."""
    towns = catalog.towns
    names = catalog.areas.set_index("adcode")
    counts = pd.crosstab(towns["district_2023"], towns["match"].replace("", "none"))
    counts = counts.reindex(columns=["full", "core", "pinyin", "fallback", "none"], fill_value=0)
    return pd.DataFrame(
        {
            t("col_area", lang): [name_of(names.loc[d], lang) for d in counts.index],
            t("src_gaz_units", lang): counts.sum(axis=1).to_numpy(),
            **{t(f"src_gaz_{m}", lang): counts[m].to_numpy() for m in counts.columns},
        }
    )


def imports_table(catalog: Catalog, citations: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return one row per imported file: name, SHA-256, time, who, rows in the file and rows citing it now."""
    src = catalog.sources[catalog.sources["kind"] == "import"]
    cited = citations.groupby("source")["count"].sum()
    return pd.DataFrame(
        {
            t("src_col_file", lang): src["file"],
            t("src_col_sha256", lang): src["sha256"],
            t("src_col_imported_at", lang): src["imported_at"],
            t("src_col_imported_by", lang): src["imported_by"],
            t("src_col_rows", lang): src["rows"],
            t("src_col_cited_rows", lang): [int(cited.get(s, 0)) for s in src.index],
        }
    )


# --- an area's panel ---------------------------------------------------------------------------------------------


def area_size_text(accuracy: str, area_km2: float | None, lang: str) -> str:
    """Return the computed-area line: exact for boundaries, approximate otherwise, none for a point."""
    if area_km2 is None:
        return t("panel_not_mapped", lang)
    if accuracy == "point":
        return t("panel_area_point", lang)
    key = "panel_area_value" if accuracy == "boundary" else f"panel_area_{accuracy}"
    return t(key, lang, value=area_km2)


def area_facts(row: pd.Series, catalog: Catalog, drawn: pd.Series | None, year: int, lang: str) -> pd.Series:
    """Return the facts of an area: kind, level, parent, printed and computed size, accuracy, geometry note.

    ``drawn`` is the area as mapped in ``year`` (None when it is not drawn then).
    """
    facts = {t("panel_kind", lang): t(f"kind_{row['kind']}", lang)}
    if row["level_zh"]:
        facts[t("panel_level", lang)] = (
            t(f"level_{row['level_zh']}", lang) if len(row["level_zh"]) == 1 else row["level_zh"]
        )
    if row["parent"]:
        facts[t("panel_parent", lang)] = name_of(catalog.areas.loc[row["parent"]], lang)
    if row["official_area_text"] and (pd.isna(row["official_area_year"]) or row["official_area_year"] == year):
        own = not row["official_area_source"]  # the section cited is the row's own source's
        cite = source_label(
            catalog, row["source"] if own else row["official_area_source"], row["section"] if own else "", lang
        )
        facts[t("panel_official_area", lang)] = f"{row['official_area_text']}({cite})"
    accuracy = drawn["accuracy"] if drawn is not None else row["accuracy"]
    facts[t("panel_area", lang)] = area_size_text(accuracy, drawn["area_km2"] if drawn is not None else None, lang)
    facts[t("panel_accuracy", lang)] = t(f"acc_{accuracy}", lang)
    note = localized(row, "accuracy_note", lang)
    if note:
        facts[t("panel_geometry", lang)] = note
    return pd.Series(facts, name="")


def enterprise_lines(rows: pd.DataFrame, lang: str) -> tuple[str, ...]:
    """Return one escaped Markdown line per industry: its enterprises and their roles."""
    industry, role = localized_column("industry", lang), localized_column("role", lang)
    lines = []
    for name, group in rows.groupby(industry, sort=False, dropna=False):
        items = "、".join(
            f"{md_name_of(r, lang)}({escape_markdown(r[role])})" if r[role] else md_name_of(r, lang)
            for _, r in group.iterrows()
        )
        lines.append(f"**{escape_markdown(name) or '—'}** {items}")
    return tuple(lines)


def stations_line(rows: pd.DataFrame, lang: str) -> str:
    """Return the stations as one escaped Markdown line, each with its type."""
    return "、".join(f"{md_name_of(r, lang)}({t('station_type_' + r['type_zh'], lang)})" for _, r in rows.iterrows())


# --- township units ----------------------------------------------------------------------------------------------


def unit_line(row: pd.Series, lang: str) -> str:
    """Return a township unit as escaped Markdown: its name, and why it has no seat when it has none."""
    name = md_name_of(row, lang)
    if row["seated"]:
        return name
    note = localized(row, "note", lang)
    return f"{name}({escape_markdown(note)})" if note else name


def unit_lines(catalog: Catalog, area_id: str, year: int, lang: str) -> tuple[str, str, tuple[str, ...]]:
    """Return the units section of a panel as escaped Markdown: title, the seated units, one line per unseated unit.

    All three are empty when the area is made of no township units.
    """
    units = units_of_area(catalog, area_id, year)
    if units.empty:
        return "", "", ()
    seated, unseated = units[units["seated"]], units[~units["seated"]]
    title = t("units_heading", lang, n=len(units), drawn=len(seated))
    return (
        title,
        "、".join(md_name_of(r, lang) for _, r in seated.iterrows()),
        tuple(unit_line(r, lang) for _, r in unseated.iterrows()),
    )


def seat_text(row: pd.Series, lang: str) -> str:
    """Return how a township unit's seat was found (or that it has none)."""
    if pd.isna(row["lon"]):
        return t("unit_seat_none", lang)
    if row["match"] == "fallback":
        return t("unit_seat_fallback", lang)
    return t(f"unit_seat_{row['match']}", lang, id=row["geonames_id"])


def unit_facts(code: str, catalog: Catalog, areas: gpd.GeoDataFrame, year: int, lang: str) -> pd.Series:
    """Return the facts of one township unit: kind, code, district, seat, computed area, accuracy, note."""
    row = catalog.towns.loc[code]
    district = district_of_unit(catalog, code, year)
    facts = {
        t("panel_kind", lang): t(f"unit_kind_{row['kind']}", lang),
        t("unit_code", lang): code,
        t("unit_district", lang, year=year): name_of(catalog.areas.loc[district], lang) if district else "",
    }
    before = district_of_unit(catalog, code, 2023)
    if year != 2023 and before != district and before:
        facts[t("unit_district", lang, year=2023)] = name_of(catalog.areas.loc[before], lang)
    if row["name_2026"]:
        facts[t("unit_name_2026", lang)] = row["name_2026"]
    facts[t("unit_seat", lang)] = seat_text(row, lang)
    if code in areas.index:
        facts[t("panel_area", lang)] = t("panel_area_approximate", lang, value=areas.loc[code, "area_km2"])
        facts[t("panel_accuracy", lang)] = t("acc_approximate", lang)
        facts[t("panel_geometry", lang)] = t("unit_cell_note", lang)
    else:
        facts[t("panel_area", lang)] = t("unit_no_cell", lang)
    note = localized(row, "note", lang)
    if note:
        facts[t("unit_note", lang)] = note
    return pd.Series(facts, name="")


# --- indicators --------------------------------------------------------------------------------------------------


def _change_and_pace(row: pd.Series, lang: str) -> tuple[str, str]:
    math_ = target_math(row)
    if math_.change is None:
        return "", ""
    change = t("change_points" if math_.is_share else "change_value", lang, value=round(math_.change, 4))
    if math_.annual_change is not None:
        return change, t("pace_points", lang, value=math_.annual_change)
    if math_.annual_growth is not None:
        return change, t("pace_growth", lang, value=math_.annual_growth)
    return change, ""


def _year_value(year: object, value: str) -> str:
    if not value:
        return ""
    return f"{year}: {value}" if pd.notna(year) else value


def marked_value(row: pd.Series, point: str, text: str, lang: str) -> str:
    """Return a printed value followed by a mark when the document calls it an estimate (``estimate`` column)."""
    return f"{text}{t('estimate_mark', lang)}" if text and is_estimate(row, point) else text


def _present(value: object) -> bool:
    return value is not None and value is not pd.NA and not (isinstance(value, float) and math.isnan(value))


def actual_text(assessment: pd.Series, catalog: Catalog, lang: str) -> str:
    """Return the published value a target is measured by: value as printed, year, and the share of the way.

    Parameters
    ----------
    assessment
        One row of :func:`components.data.get_assessments` (the fields of
        :class:`geo.monitoring.Assessment`; missing ones NaN or None).
    catalog
        The data tables (the row that prints the value).
    lang
        ``"zh"`` or ``"en"``.

    Returns
    -------
    str
        Plain text such as ``6540(2020)· 进度 116%``; a value that is another
        row's baseline names that row's section. Empty when no value is published.
    """
    actual = assessment.get("actual")
    if not _present(actual) or actual not in catalog.indicators.index:
        return ""
    row = catalog.indicators.loc[actual]
    year = int(assessment["actual_year"])
    is_baseline = assessment.get("actual_kind") == "baseline"
    value = str(row["baseline_text"] if is_baseline else row["target_text"]) or f"{assessment['actual_value']:g}"
    text = (
        t("actual_value_baseline", lang, value=value, year=year, row=row["section"])
        if is_baseline
        else t("actual_value", lang, value=value, year=year)
    )
    share = assessment.get("progress")
    return f"{text} · {t('actual_share', lang, share=share)}" if _present(share) else text


def indicator_table(
    rows: pd.DataFrame, catalog: Catalog, lang: str, assessments: pd.DataFrame | None, short_source: bool = False
) -> pd.DataFrame:
    """Return indicators as a display table: values as printed, change and pace computed, status and progress assessed.

    Parameters
    ----------
    rows
        Indicator rows (indexed by id).
    catalog
        The data tables.
    lang
        ``"zh"`` or ``"en"``.
    assessments
        The monitoring status of every target (:func:`components.data.get_assessments`): the
        status column and the progress towards a target come from there, nowhere else. None
        leaves both columns out (the one-page brief has no room for them).
    short_source
        The source column holds the section only (the brief lists the documents
        once, below the table).

    Returns
    -------
    pandas.DataFrame
        One row per indicator; a result's status and progress are empty.
    """
    records = []
    for ident, row in rows.iterrows():
        change, pace = _change_and_pace(row, lang)
        baseline = marked_value(row, "baseline", printed_value(row["baseline_text"]), lang)
        target = marked_value(row, "target", printed_value(row["target_text"], row["comparison"]), lang)
        baseline, target = _year_value(row["baseline_year"], baseline), _year_value(row["target_year"], target)
        assessment = assessments.loc[ident] if assessments is not None and ident in assessments.index else None
        records.append(
            {
                t("col_indicator", lang): localized(row, "name", lang),
                t("col_status", lang): status_label(assessment["status"], lang) if assessment is not None else "",
                t("col_baseline", lang): baseline,
                t("col_result" if row["status"] == "result" else "col_target", lang): target,
                t("col_unit", lang): localized(row, "unit", lang),
                t("col_change_done" if row["status"] == "result" else "col_change", lang): change,
                t("col_pace", lang): pace,
                t("col_progress", lang): actual_text(assessment, catalog, lang) if assessment is not None else "",
                t("col_attribute", lang): row["attribute_zh"],
                t("col_note", lang): localized(row, "note", lang) or "",
                t("col_source", lang): row["section"]
                if short_source
                else source_label(catalog, row["source"], row["section"], lang),
            }
        )
    table = pd.DataFrame.from_records(records)
    return table if assessments is not None else table.drop(columns=[t("col_status", lang), t("col_progress", lang)])


def without_empty_columns(table: pd.DataFrame) -> pd.DataFrame:
    """Return the table without the columns in which no row has anything to show."""
    return table.loc[:, (table.astype(str) != "").any()]


def family_name(family: pd.Series, lang: str) -> str:
    """Return a family's name: the translated label where one exists, else its most frequent printed name."""
    key = f"family_{family['family']}"
    return t(key, lang) if key in STRINGS else name_of(family, lang)


def family_label(family: pd.Series, lang: str) -> str:
    """Return a family's option label: its name and how many areas report it."""
    return t("cmp_family_option", lang, name=family_name(family, lang), n=int(family["n_areas"]))


def comparison_table(rows: pd.DataFrame, catalog: Catalog, lang: str, assessments: pd.DataFrame) -> pd.DataFrame:
    """Return the family's rows as a table: area, then the panel's columns (values as printed, years, unit, source)."""
    table = indicator_table(rows, catalog, lang, assessments)
    table.insert(0, t("col_area", lang), [name_of(catalog.areas.loc[a], lang) for a in rows["area"]])
    return table


def unit_label(rows: pd.DataFrame, lang: str) -> str:
    """Return the unit of one unit group as printed (Chinese measure words joined) or in English."""
    units = [u for u in dict.fromkeys(localized(rows, "unit", lang)) if u]
    return "、".join(units) if units else t("cmp_no_unit", lang)


def _series(kind: str, year: int | None, lang: str) -> str:
    return t(f"cmp_series_{kind}", lang, year=year) if year is not None else t(f"cmp_series_{kind}_no_year", lang)


def chart_points(rows: pd.DataFrame, catalog: Catalog, lang: str) -> pd.DataFrame:
    """Return the printed numbers of one unit group, labelled for the chart."""
    points = value_points(rows)
    if points.empty:
        return points
    kinds = [
        p if p == "baseline" else ("result" if s == "result" else "target")
        for p, s in zip(points["point"], points["status"], strict=True)
    ]
    name, unit = localized_column("name", lang), localized_column("unit", lang)
    mark = t("estimate_mark", lang)
    return points.assign(
        text=[f"{x}{mark}" if e else x for x, e in zip(points["text"], points["estimate"], strict=True)],
        kind=kinds,
        series=[_series(k, y, lang) for k, y in zip(kinds, points["year"], strict=True)],
        area_label=[name_of(catalog.areas.loc[a], lang) for a in points["area"]],
        indicator=[rows.loc[i, name] for i in points["id"]],
        unit=[rows.loc[i, unit] for i in points["id"]],
    )


def map_choice_label(choice: tuple[str, int | None], rows: pd.DataFrame, lang: str) -> str:
    """Return the label of one (unit, year) the choropleth can show: unit, year and how many areas have a value."""
    unit, year = choice
    label = unit_label(rows[rows["unit_key"] == unit], lang)
    n = len(map_values(rows, unit, year))
    when = str(year) if year is not None else t("cmp_year_not_printed", lang)
    return t("cmp_map_option", lang, unit=label, year=when, n=n)


def target_text(row: pd.Series, lang: str) -> str:
    """Return a target as printed, with its unit unless the print already carries it, and its year."""
    text = marked_value(row, "target", printed_value(row["target_text"], row["comparison"]), lang)
    unit = localized(row, "unit", lang)
    if unit and unit not in text:
        text = f"{text} {unit}"
    year = t("cmp_year_not_printed", lang) if pd.isna(row["target_year"]) else row["target_year"]
    return f"{text}({year})" if lang == "zh" else f"{text} ({year})"


# --- enterprises -------------------------------------------------------------------------------------------------


def value_labels(rows: pd.DataFrame, column: str, lang: str) -> dict[str, str]:
    """Map each Chinese value of ``column`` to its display text (the ``_en`` column in English, else the Chinese)."""
    pairs = zip(rows[f"{column}_zh"], localized(rows, column, lang), strict=True)
    return {zh: shown or zh for zh, shown in reversed(list(pairs))}


def enterprise_table(rows: pd.DataFrame, catalog: Catalog, located: pd.Series, lang: str) -> pd.DataFrame:
    """Return the enterprises as a display table: names, area, industry, role, source (and area by location).

    ``located`` maps enterprises with coordinates to the smallest area
    containing them; the last column appears only when some have them.
    """
    table = pd.DataFrame(
        {
            t("ent_col_name_zh", lang): rows["name_zh"],
            t("ent_col_name_en", lang): rows["name_en"],
            t("col_area", lang): [name_of(catalog.area_row(a), lang) for a in rows["area"]],
            t("ent_industry", lang): localized(rows, "industry", lang),
            t("ent_role", lang): localized(rows, "role", lang),
            t("col_source", lang): [
                source_label(catalog, s, sec, lang) for s, sec in zip(rows["source"], rows["section"], strict=True)
            ],
        }
    )
    if not located.empty:
        by_location = [located.get(i) for i in rows.index]
        table[t("ent_col_area_by_location", lang)] = [
            name_of(catalog.areas.loc[a], lang) if isinstance(a, str) else "" for a in by_location
        ]
    return table


# --- seismic stations --------------------------------------------------------------------------------------------


def station_table(stations: gpd.GeoDataFrame, lang: str) -> pd.DataFrame:
    """Return every station row: type, status, count, town, location accuracy, whether mapped, note."""
    return pd.DataFrame(
        {
            t("seis_col_station", lang): [name_of(r, lang) for _, r in stations.iterrows()],
            t("seis_col_type", lang): [t(f"station_type_{v}", lang) for v in stations["type_zh"]],
            t("seis_col_status", lang): [t(f"station_status_{v}", lang) for v in stations["status"]],
            t("seis_col_count", lang): stations["count"].astype(int),
            t("seis_col_town", lang): stations["town_zh"],
            t("seis_col_accuracy", lang): [t(f"seis_acc_{v}", lang) for v in stations["location_accuracy"]],
            t("seis_col_mapped", lang): stations["mapped"].astype(bool),
            t("seis_col_note", lang): localized(stations, "note", lang),
        }
    )


def district_shares_table(touched: pd.DataFrame, catalog: Catalog, lang: str) -> pd.DataFrame:
    """Return the districts the coverage circles touch: area, covered area and covered share in percent."""
    return pd.DataFrame(
        {
            t("seis_col_district", lang): [name_of(catalog.areas.loc[a], lang) for a in touched.index],
            t("seis_col_area_km2", lang): touched["area_km2"].round(0).astype(int),
            t("seis_col_covered_km2", lang): touched["covered_km2"].round(1),
            t("seis_col_share", lang): (touched["share"] * 100).round(1),
        }
    )


def town_coverage_table(towns: pd.DataFrame, catalog: Catalog, lang: str) -> pd.DataFrame:
    """Return each town seat: how well it is placed, its nearest mapped station, the distance, whether covered."""
    return pd.DataFrame(
        {
            t("seis_col_town_seat", lang): [name_of(r, lang) for _, r in towns.iterrows()],
            t("seis_col_place_accuracy", lang): [
                t("seis_acc_unverified_geocode" if m == "fallback" else "seis_acc_town_seat", lang)
                for m in towns["match"]
            ],
            t("seis_col_nearest", lang): [
                name_of(catalog.stations.loc[s], lang) if s else "" for s in towns["station"]
            ],
            t("seis_col_distance", lang): towns["distance_km"].round(1),
            t("seis_col_covered", lang): towns["covered"].astype(bool),
        }
    )


def unmapped_stations_table(unmapped: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return the station rows without a location: count, location accuracy and the reason the plan gives."""
    return pd.DataFrame(
        {
            t("seis_col_station", lang): [name_of(r, lang) for _, r in unmapped.iterrows()],
            t("seis_col_count", lang): unmapped["count"].astype(int),
            t("seis_col_accuracy", lang): [t(f"seis_acc_{v}", lang) for v in unmapped["location_accuracy"]],
            t("seis_col_reason", lang): localized(unmapped, "note", lang),
        }
    )


# --- monitoring (监测评估) ---------------------------------------------------------------------------------------

MONITORING_COLUMNS = (
    "col_area",
    "col_indicator",
    "col_baseline",
    "col_target",
    "col_unit",
    "mon_col_status",
    "mon_col_published",
    "col_source",
    "mon_col_map",
)


def published_text(row: pd.Series, lang: str) -> str:
    """Return the published value that decided or measures a target: "year: value", or "" when there is none."""
    if pd.isna(row.get("actual_value")):
        return ""
    value = f"{row['actual_value']:g}"
    kind = t(f"mon_value_{row['actual_kind']}", lang)
    return f"{row['actual_year']}: {value}({kind})" if lang != "en" else f"{row['actual_year']}: {value} ({kind})"


def monitoring_table(rows: pd.DataFrame, catalog: Catalog, links: pd.Series, lang: str) -> pd.DataFrame:
    """Return the assessed targets as a display table, one row per target, with a link to its area on the map.

    Parameters
    ----------
    rows
        :func:`geo.monitoring.monitoring_rows`.
    catalog
        The validated data tables (area names, sources).
    links
        The map link of each row's area, indexed by area id.
    lang
        ``"zh"`` or ``"en"``.
    """

    def target(row: pd.Series) -> str:
        return _year_value(row["target_year"], printed_value(row["target_text"], row["comparison"]))

    records = [
        {
            t("col_area", lang): name_of(catalog.areas.loc[row["area"]], lang),
            t("col_indicator", lang): localized(row, "name", lang),
            t("col_baseline", lang): _year_value(row["baseline_year"], printed_value(row["baseline_text"])),
            t("col_target", lang): _year_value(
                row["target_year"], printed_value(row["target_text"], row["comparison"])
            ),
            t("col_unit", lang): localized(row, "unit", lang),
            t("mon_col_status", lang): status_label(row["verdict"], lang),
            t("mon_col_published", lang): published_text(row, lang),
            t("col_source", lang): source_label(catalog, row["source"], row["section"], lang),
            t("mon_col_map", lang): links[row["area"]],
        }
        for _, row in rows.iterrows()
    ]
    return pd.DataFrame.from_records(records, columns=[t(c, lang) for c in MONITORING_COLUMNS])


def status_count_frame(counts: pd.Series, lang: str) -> pd.DataFrame:
    """Return counts per status as the chart's frame: ``status``, ``label`` (translated) and ``count``."""
    return pd.DataFrame(
        {"status": counts.index, "label": [status_label(s, lang) for s in counts.index], "count": counts.to_numpy()}
    )


def periods_table(periods: pd.DataFrame, catalog: Catalog, lang: str) -> pd.DataFrame:
    """Return the plan-period view: one row per area, one column per target year, each cell "n: status counts".

    Parameters
    ----------
    periods
        :func:`geo.monitoring.plan_periods`.
    catalog
        The validated data tables (area names).
    lang
        ``"zh"`` or ``"en"``.
    """
    cells: dict[str, dict[str, str]] = {}
    for (area, year), counts in periods.iterrows():
        parts = [f"{status_label(s, lang)} {int(counts[s])}" for s in periods.columns if s != "total" and counts[s]]
        column = t("mon_due_in", lang, year=year) if pd.notna(year) else t("mon_no_year", lang)
        cells.setdefault(name_of(catalog.areas.loc[area], lang), {})[column] = t(
            "mon_period_cell",
            lang,
            n=int(counts["total"]),
            parts="、".join(parts) if lang != "en" else "; ".join(parts),
        )
    table = pd.DataFrame.from_dict(cells, orient="index").fillna("")
    table = table[sorted(table.columns)]
    table.index.name = t("col_area", lang)
    return table.reset_index()
