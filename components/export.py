"""Exports: the map as one offline HTML file, and tables as CSV/Excel.

No Streamlit here: these are pure functions, called lazily by download buttons.
Every CSV and Excel file the app offers is written by :func:`to_csv` or
:func:`to_excel`, which neutralise text that a spreadsheet would run as a
formula (:func:`geo.tables.neutralise_frame`).
"""

from __future__ import annotations

import base64
import io
import mimetypes
import re
from pathlib import PurePosixPath

import folium
import pandas as pd

from components.assets import STATIC_DIR, read_asset
from geo.tables import neutralise_frame

PLACEHOLDER = "cq-export-assets"
_SCRIPT = re.compile(rf'<script src="{PLACEHOLDER}/([^"]+)"></script>')
_STYLE = re.compile(rf'<link rel="stylesheet" href="{PLACEHOLDER}/([^"]+)"/>')
# A stylesheet's relative url(...) (its images); not data:, absolute or fragment (#default#VML) references.
_CSS_URL = re.compile(r"""url\((["']?)(?![a-z]+:|/|#)([^)"']+)\1\)""")


def _read(relative: str) -> str:
    if relative.startswith("vendor/"):
        return read_asset(relative.removeprefix("vendor/"))
    return (STATIC_DIR / relative).read_text(encoding="utf-8")


def _style(relative: str) -> str:
    """Return a served stylesheet with the images it refers to inlined as ``data:`` URIs (a file has no folder)."""
    folder = PurePosixPath(relative).parent

    def data_uri(match: re.Match[str]) -> str:
        path = STATIC_DIR / folder / match.group(2)
        if not path.is_file():
            raise ValueError(f"an image of {relative} is missing: {match.group(2)}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return f'url("data:{mime};base64,{base64.b64encode(path.read_bytes()).decode("ascii")}")'

    return _CSS_URL.sub(data_uri, _read(relative))


def standalone_html(m: folium.Map, title: str) -> str:
    """Render a map built with ``static_url=PLACEHOLDER`` into one self-contained HTML page.

    Every script and stylesheet is inlined, and the images a stylesheet refers
    to (the measure tool's icons) as ``data:`` URIs, so the file opens with no
    network and no server. Tile layers, if any, still need their tile server.

    Parameters
    ----------
    m
        A map from :func:`components.map_view.build_map` with ``static_url=PLACEHOLDER``.
    title
        The page title (escaped by the caller).

    Returns
    -------
    str
        The HTML document.
    """
    html = m.get_root().render()
    html = _SCRIPT.sub(lambda g: "<script>" + _read(g.group(1)).replace("</script", "<\\/script") + "</script>", html)
    html = _STYLE.sub(lambda g: "<style>" + _style(g.group(1)) + "</style>", html)
    if PLACEHOLDER in html:
        raise ValueError("an asset of the exported map was not inlined")
    return html.replace("<head>", f"<head>\n<title>{title}</title>", 1)


def indicators_frame(area_id: str, indicators: pd.DataFrame) -> pd.DataFrame:
    """Return an area's indicator rows with every field, as stored (values as printed)."""
    return indicators[indicators["area"] == area_id].reset_index(drop=True)


def enterprises_frame(ids: tuple[str, ...], enterprises: pd.DataFrame) -> pd.DataFrame:
    """Return the enterprises ``ids`` (an area's, see :func:`geo.joins.members_by_area`) with every field."""
    return enterprises.loc[list(ids)].reset_index(drop=True)


def to_csv(frame: pd.DataFrame) -> bytes:
    """Return CSV bytes with a BOM so that Excel opens Chinese text correctly; no cell can run as a formula."""
    return neutralise_frame(frame).to_csv(index=False).encode("utf-8-sig")


def to_excel(sheets: dict[str, pd.DataFrame]) -> bytes:
    """Return an .xlsx workbook with one sheet per entry; text is stored as text, never as a formula."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            neutralise_frame(frame).to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()
