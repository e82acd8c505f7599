"""The side panel of the selected area: identity, size, targets, enterprises, sources."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.i18n import name_of, t
from components.view import select_area
from geo.catalog import Catalog


def _others(also_here: tuple[str, ...], catalog: Catalog, lang: str) -> None:
    if not also_here:
        return
    st.caption(t("panel_also_here", lang))
    cols = st.columns(min(len(also_here), 3))
    for i, other in enumerate(also_here):
        row = catalog.areas.loc[other]
        cols[i % len(cols)].button(name_of(row, lang), key=f"also_{other}", on_click=select_area, args=(other,))


def _indicator_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    name_col = "name_en" if lang == "en" else "name_zh"
    unit_col = "unit_en" if lang == "en" else "unit_zh"
    return pd.DataFrame(
        {
            "": rows[name_col].to_numpy(),
            "unit": rows[unit_col].to_numpy(),
            "baseline": [
                f"{y} · {v}" if v else "" for y, v in zip(rows["baseline_year"], rows["baseline_text"], strict=True)
            ],
            "target": [
                f"{y} · {c}{v}" if v else ""
                for y, c, v in zip(rows["target_year"], rows["comparison"], rows["target_text"], strict=True)
            ],
            "source": [f"{s} · {sec}" for s, sec in zip(rows["source"], rows["section"], strict=True)],
        }
    )


def render_area_panel(
    area_id: str | None,
    *,
    catalog: Catalog,
    area_km2: float | None,
    also_here: tuple[str, ...],
    lang: str,
) -> None:
    """Draw the panel for ``area_id``, or a hint when nothing is selected.

    Parameters
    ----------
    area_id
        Selected area id, or None.
    catalog
        The validated data tables.
    area_km2
        The area's size computed in the metric CRS, or None when it has no polygon.
    also_here
        Other areas under the last click, smallest first.
    lang
        ``"zh"`` or ``"en"``.
    """
    with st.container(key="area_panel"):
        if area_id is None:
            st.info(t("panel_hint", lang))
            return
        row = catalog.areas.loc[area_id]
        st.subheader(name_of(row, lang), anchor=False)
        level = row["level_zh"]
        facts = {
            t("panel_kind", lang): t(f"kind_{row['kind']}", lang),
            t("panel_level", lang): t(f"level_{level}", lang) if level else "—",
            t("panel_area", lang): t("panel_area_value", lang, value=area_km2)
            if area_km2
            else t("panel_not_mapped", lang),
            t("panel_geometry", lang): row["accuracy_note_en" if lang == "en" else "accuracy_note_zh"],
        }
        st.table(pd.Series(facts, name=""), border="horizontal")
        st.button(t("panel_clear", lang), key="clear_selection", on_click=select_area, args=(None,), icon="✖️")
        _others(also_here, catalog, lang)

        st.markdown(f"#### {t('panel_indicators', lang)}")
        indicators = catalog.indicators[catalog.indicators["area"] == area_id]
        if indicators.empty:
            st.caption(t("panel_no_indicators", lang))
        else:
            st.dataframe(_indicator_table(indicators, lang), hide_index=True)

        st.markdown(f"#### {t('panel_enterprises', lang)}")
        enterprises = catalog.enterprises[catalog.enterprises["area"] == area_id]
        if enterprises.empty:
            st.caption(t("panel_no_enterprises", lang))
        else:
            for _, ent in enterprises.iterrows():
                st.markdown(f"- {name_of(ent, lang)}")
