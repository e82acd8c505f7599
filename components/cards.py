"""The indicator cards of an area's panel: one card per target or result, grouped by plan and target year.

A card says in a few lines what a row of the indicator table says across ten
columns, so a narrow panel shows it whole: the full name, baseline → target as
printed (years, 【】, ≥/≤, unit), the attribute, the monitoring status
(:mod:`geo.monitoring`, as badges of :mod:`components.status`), the published
value a target is measured by, estimates flagged, notes, and the document and
section. Like :mod:`components.tables`, nothing here calls Streamlit: the cards
are built once per area, status, language, data version and day, as escaped
Markdown (:func:`geo.escape.escape_markdown` on every piece of data), and
:mod:`components.area_panel` only renders them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from components.i18n import t
from components.status import status_badge
from components.tables import actual_text, source_label
from geo.catalog import Catalog
from geo.display import localized
from geo.escape import escape_markdown
from geo.indicators import printed_value

LINE = "  \n"  # a Markdown hard line break: the lines of a card stay one paragraph


@dataclass(frozen=True)
class IndicatorCard:
    """One indicator as a card.

    Attributes
    ----------
    id
        The indicator's id (it keys the card's element).
    markdown
        The card's text as escaped Markdown.
    progress
        Share of the way from baseline to target that the published value
        covers, clipped to 0..1 for a progress bar; None without one.
    progress_text
        The bar's caption (escaped Markdown): the value, its year and the share.
    """

    id: str
    markdown: str
    progress: float | None = None
    progress_text: str = ""


@dataclass(frozen=True)
class YearGroup:
    """The cards of one plan with one target year (``heading``: escaped Markdown)."""

    heading: str
    cards: tuple[IndicatorCard, ...]


@dataclass(frozen=True)
class PlanGroup:
    """The cards that come from one source document, by target year (``heading``: its title, escaped Markdown)."""

    source: str
    heading: str
    years: tuple[YearGroup, ...]


def _text(value: object) -> str:
    """Return a stored value as text; missing values (None, NA, NaN) as ""."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _year(value: object) -> int | None:
    text = _text(value)
    return int(float(text)) if text else None


def _side(year: int | None, text: str) -> str:
    """Return one side of baseline → target as escaped Markdown: the year, then the value as printed."""
    return escape_markdown(f"{year} {text}" if year is not None else text)


def value_line(row: pd.Series, lang: str) -> str:
    r"""Return baseline → target (or the result) as printed, with years, unit, estimates flagged and the attribute.

    Parameters
    ----------
    row
        An indicator row (``baseline_*``, ``target_*``, ``comparison``, ``unit_*``,
        ``attribute_zh``, ``status``, and ``estimate`` when the data have it).
    lang
        ``"zh"`` or ``"en"``.

    Returns
    -------
    str
        Escaped Markdown such as ``2020 【1125】 → 2025 \>【2000】 个 · 预期性``.
    """
    estimate = _text(row.get("estimate", ""))
    flag = f" {status_badge('estimate', lang)}"
    target = printed_value(_text(row.get("target_text")), _text(row.get("comparison")))
    unit, printed_unit = _text(localized(row, "unit", lang)), _text(row.get("unit_zh"))
    right = _side(_year(row.get("target_year")), target)
    if unit and not (printed_unit and printed_unit in target):  # a print such as 1200家 carries its unit
        right += f" {escape_markdown(unit)}"
    if estimate == "value":
        right += flag
    baseline = _text(row.get("baseline_text"))
    if baseline:
        left = _side(_year(row.get("baseline_year")), printed_value(baseline))
        line = f"{left}{flag if estimate == 'baseline' else ''} → {right}"
    else:
        line = t("card_result_only" if row.get("status") == "result" else "card_target_only", lang, value=right)
    attribute = _text(row.get("attribute_zh"))
    if attribute:
        line += f" · {escape_markdown(t(f'attribute_{attribute}', lang))}"
    return line


def build_card(row: pd.Series, catalog: Catalog, assessment: pd.Series | None, lang: str) -> IndicatorCard:
    """Return one indicator's card.

    Parameters
    ----------
    row
        The indicator row (its name is the id, as in ``catalog.indicators.loc[id]``).
    catalog
        The data tables (sources; the row printing a published value).
    assessment
        The target's row of :func:`components.data.get_assessments`; None for a result.
    lang
        ``"zh"`` or ``"en"``.

    Returns
    -------
    IndicatorCard
        Name, values, status chips (a target's status, and "no baseline" when it
        prints none), a published value without a share, notes and the source,
        one line each; the progress bar's share and caption when a published
        value measures the target.
    """
    lines = [f"**{escape_markdown(localized(row, 'name', lang, fallback=True))}**", value_line(row, lang)]
    progress, progress_text = None, ""
    if assessment is not None:
        chips = [status_badge(str(assessment["status"]), lang)]
        if not bool(assessment["has_baseline"]):
            chips.append(status_badge("no_baseline", lang))
        lines.append(" ".join(chips))
        actual = actual_text(assessment, catalog, lang)
        share = assessment.get("progress")
        if actual and _text(share):
            progress = min(1.0, max(0.0, float(share)))
            progress_text = escape_markdown(t("card_actual", lang, text=actual))
        elif actual:
            lines.append(escape_markdown(t("card_actual", lang, text=actual)))
    note = _text(localized(row, "note", lang, fallback=True))
    if note:
        lines.append(f":gray[{escape_markdown(note)}]")
    lines.append(f":small[:gray[{escape_markdown(source_label(catalog, row['source'], row['section'], lang))}]]")
    return IndicatorCard(str(row.name), LINE.join(lines), progress, progress_text)


def _year_heading(year: int | None, status: str, lang: str) -> str:
    if year is None:
        label = t("card_year_none", lang)
    else:
        label = t("card_year_result" if status == "result" else "card_year_target", lang, year=year)
    return f":gray[**{escape_markdown(label)}**]"


def indicator_cards(
    rows: pd.DataFrame, catalog: Catalog, assessments: pd.DataFrame, lang: str
) -> tuple[PlanGroup, ...]:
    """Return the cards of an area's targets or results, grouped by source document, then by target year.

    Parameters
    ----------
    rows
        Indicator rows of one status (indexed by id).
    catalog
        The data tables.
    assessments
        The monitoring status of every target (:func:`components.data.get_assessments`).
    lang
        ``"zh"`` or ``"en"``.

    Returns
    -------
    tuple of PlanGroup
        Documents in the order the rows first cite them; years ascending, an
        unprinted year last; cards in the order of the rows.
    """
    plans = []
    for source in dict.fromkeys(rows["source"]):
        of_plan = rows[rows["source"] == source]
        years = [_year(y) for y in of_plan["target_year"]]
        groups = []
        for year in sorted(set(years), key=lambda y: (y is None, y or 0)):
            members = of_plan[[y == year for y in years]]
            cards = tuple(
                build_card(
                    row,
                    catalog,
                    assessments.loc[ident] if ident in assessments.index and row["status"] == "target" else None,
                    lang,
                )
                for ident, row in members.iterrows()
            )
            groups.append(YearGroup(_year_heading(year, str(members["status"].iloc[0]), lang), cards))
        title = escape_markdown(source_label(catalog, source, "", lang))  # the title, in 《》 unless it has them
        plans.append(PlanGroup(str(source), f":material/description: **{title}**", tuple(groups)))
    return tuple(plans)
