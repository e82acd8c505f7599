"""A one-page brief of an area: map extract, targets, enterprises, sources.

The page is HTML laid out for A4 and printed to PDF by headless Chromium (a
real layout engine with the system's CJK fonts); the map extract is drawn with
matplotlib from the same geometry the app shows. Without Chromium the HTML
itself is offered (print it from the browser).

The page loads nothing from outside: a Content-Security-Policy allows only
inline styles and ``data:`` images and fonts, and Chromium runs with every
host name unresolvable and every connection sent to a closed local port.
:func:`brief_pdf` renders one brief at a time per process and keeps the
newest ones (:mod:`web.renders`).
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import io
import math
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import jinja2
import pandas as pd
from markupsafe import Markup
from matplotlib.figure import Figure

from components.i18n import name_of, t
from components.tables import without_empty_columns
from geo.catalog import Catalog
from geo.display import localized
from settings import configured_chromium
from web.renders import pdf_briefs

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:"
# No network for the printing browser, even if the page asked: no name resolves, every connection
# (loopback too) goes to a proxy on the discard port, which nothing serves.
TEMPLATES = Path(__file__).resolve().parent / "templates"
NO_NETWORK = ("--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>")


def area_map_png(area_id: str, areas: gpd.GeoDataFrame) -> bytes | None:
    """Draw the area (highlighted) over the district boundaries around it; None when it has no geometry."""
    if area_id not in areas.index:
        return None
    target = areas.loc[[area_id]]
    districts = areas[areas["kind"] == "district"]
    x0, y0, x1, y1 = target.total_bounds
    pad = max(x1 - x0, y1 - y0) * 0.25 + 0.02
    fig = Figure(figsize=(3.2, 3.2), dpi=150)  # no pyplot: no global state shared between sessions
    ax = fig.subplots()
    districts.plot(ax=ax, color="#f7fafc", edgecolor="#718096", linewidth=0.4)
    dashed = target["accuracy"].iloc[0] == "schematic"
    target.plot(ax=ax, color="#d53f8c33", edgecolor="#d53f8c", linewidth=1.4, linestyle="--" if dashed else "-")
    ax.set_xlim(x0 - pad, x1 + pad)
    ax.set_ylim(y0 - pad, y1 + pad)
    ax.set_aspect(1 / max(0.2, math.cos(math.radians((y0 + y1) / 2))))  # degrees look right at this latitude
    ax.set_axis_off()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", pad_inches=0.02)
    return buffer.getvalue()


@functools.cache
def _template() -> jinja2.Template:
    """Return the brief's template (``templates/brief.html.j2``), autoescaped."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )
    return env.get_template("brief.html.j2")


def brief_html(
    area_id: str,
    *,
    catalog: Catalog,
    areas: gpd.GeoDataFrame,
    facts: dict[str, str],
    targets: pd.DataFrame,
    enterprise_ids: tuple[str, ...],
    lang: str,
) -> str:
    """Return the one-page brief as a self-contained HTML document.

    Parameters
    ----------
    area_id
        The area.
    catalog
        The validated data tables.
    areas
        Area geometry (for the map extract).
    facts
        Label -> value lines under the title (kind, parent, areas), as shown in the panel.
    targets
        The targets table as shown in the panel (a DataFrame).
    enterprise_ids
        The area's enterprises as the panel lists them (:func:`geo.joins.members_by_area`).
    lang
        ``"zh"`` or ``"en"``.

    Returns
    -------
    str
        HTML from ``templates/brief.html.j2``, rendered by Jinja2 with autoescape
        (every data-derived string is escaped); a Content-Security-Policy
        (:data:`CSP`) forbids loading anything but ``data:`` images and fonts.
    """
    row = catalog.areas.loc[area_id]
    png = area_map_png(area_id, areas)
    profile = [
        (t(label, lang), text)
        for label, text in (
            ("panel_positioning", row["positioning_zh"]),
            ("panel_industries", "、".join(row["industries_zh"])),
            ("panel_platforms", "、".join(row["platforms_zh"])),
        )
        if text
    ]
    ents = catalog.enterprises.loc[list(enterprise_ids)]
    cited = sorted(
        set(catalog.indicators.loc[catalog.indicators["area"] == area_id, "source"])
        | {row["source"], *row.get("profile_source", ())}
    )
    sources = [
        {
            "title": localized(catalog.sources.loc[s], "title", lang),
            "issuer": localized(catalog.sources.loc[s], "issuer", lang),
            "date": catalog.sources.loc[s, "date"],
        }
        for s in cited
    ]
    notes: list[tuple[str, str]] = []
    note_column = t("col_note", lang)
    if note_column in targets.columns:  # notes are sentences: printed under the table, not in a column
        notes = [(str(r.iloc[0]), str(r[note_column])) for _, r in targets.iterrows() if r[note_column]]
        targets = targets.drop(columns=[note_column])
    if len(targets):
        targets = without_empty_columns(targets)
    return _template().render(
        lang=lang,
        csp=Markup(CSP),  # a constant of this module, not data: its quotes stay quotes
        title=name_of(row, lang),
        facts=list(facts.items()),
        profile=profile,
        map_png=base64.b64encode(png).decode() if png else None,
        targets={"columns": list(targets.columns), "rows": list(targets.itertuples(index=False, name=None))},
        targets_heading=t("targets_heading", lang),
        no_targets=t("panel_no_indicators", lang),
        notes=notes,
        notes_heading=t("col_note", lang),
        enterprises_heading=t("panel_enterprises", lang),
        enterprises=[name_of(r, lang) for _, r in ents.iterrows()],
        no_enterprises=t("panel_no_enterprises", lang),
        sources_heading=t("panel_sources", lang),
        sources=sources,
        footer=t("brief_footer", lang, date=dt.date.today().isoformat()),
    )


def find_chromium() -> str | None:
    """Return the path of a Chromium binary: the ``CHROMIUM`` setting, else the first one installed, else None.

    Raises
    ------
    settings.SettingsError
        When ``CHROMIUM`` is set but names no executable file (:func:`settings.configured_chromium`).
    """
    configured = configured_chromium()
    if configured is not None:
        return str(configured)
    return next((c for c in CHROMIUM_CANDIDATES if Path(c).is_file()), None) or shutil.which("chromium")


def html_to_pdf(html: str, chromium: str | None = None, timeout_s: float = 90.0) -> bytes | None:
    """Print HTML to PDF with headless Chromium, offline; None when no Chromium is installed.

    Parameters
    ----------
    html
        A self-contained document (no outside resources).
    chromium
        The browser binary; found automatically by default.
    timeout_s
        Give up after this long.

    Returns
    -------
    bytes or None
        The PDF.
    """
    chromium = chromium or find_chromium()
    if chromium is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "brief.html", Path(tmp) / "brief.pdf"
        source.write_text(html, encoding="utf-8")
        cmd = [
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", *NO_NETWORK,
            f"--user-data-dir={tmp}/profile", "--no-pdf-header-footer", f"--print-to-pdf={target}",
            source.as_uri(),
        ]  # fmt: skip
        subprocess.run(cmd, check=True, capture_output=True, timeout=timeout_s)
        return target.read_bytes()


def brief_pdf(key: tuple, html: Callable[[], str]) -> bytes | None:
    """Return the PDF brief for ``key``: kept from an earlier render, or printed now (one at a time).

    Parameters
    ----------
    key
        Everything the brief shows, e.g. area, language, year, circle radius,
        data version and date: a brief is kept and handed out by this key.
    html
        Makes the brief's HTML (:func:`brief_html`); called only when printing.

    Returns
    -------
    bytes or None
        The PDF; None without Chromium.

    Raises
    ------
    web.renders.RenderBusy
        When another brief was being printed for longer than the wait.
    subprocess.SubprocessError
        When Chromium failed or timed out.
    """
    return pdf_briefs().get(key, lambda: html_to_pdf(html()))


def cached_brief_pdf(key: tuple) -> bytes | None:
    """Return the PDF brief kept for ``key``, or None (never prints)."""
    return pdf_briefs().cached(key)
