"""Read an uploaded GeoJSON, GeoPackage or zipped Shapefile through GDAL without letting it reach beyond itself.

GDAL opens whatever a file name or its content points at: a ``.shp`` that is
really an OGR VRT reads a server file, a ``/vsicurl/`` path or a GeoJSON
``"crs": {"type": "link"}`` makes the server send requests. So:

* the content must prove its format (Shapefile file code at offset 0 of the
  ``.shp`` and ``.shx``, the SQLite header of a GeoPackage, JSON for GeoJSON),
  the file is written under a fixed name in a private folder and opened with
  that driver only (``GeoJSON:`` and ``GPKG:`` prefixes force the driver; a
  Shapefile, which has no prefix, starts with a NUL byte that no text format
  such as VRT can match), and the driver GDAL used is checked before reading;
* a GeoJSON is parsed in Python first, refused when a ``crs`` is a link or a
  name that is not a plain code, and handed to GDAL re-serialised without any
  such ``crs``;
* GDAL runs with network paths and external access refused
  (:data:`GDAL_LOCKDOWN`), set only while an upload is read and restored after;
* a Shapefile without ``.cpg`` whose ``.dbf`` does not name its code page is
  decoded as UTF-8, else GB18030, else refused.
"""

from __future__ import annotations

import json
import re
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from geo.ingest.archive import open_zip, read_member
from geo.ingest.problems import IngestError, Problem

SHP_MAGIC = b"\x00\x00\x27\x0a"  # file code 9994, big-endian, at offset 0 of .shp and .shx
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
# DBF language driver ids that do not tell the code page: none, and "ANSI" (whatever Windows used)
UNTOLD_LDIDS = (0x00, 0x57)

# Set while GDAL reads an upload. CPL_VSIL_CURL_ALLOWED_FILENAME names the only /vsicurl/ file GDAL may
# open, so with an impossible name every /vsicurl/, /vsis3/, ... and http:// path fails before any request.
# The SQLite options keep a GeoPackage's views and triggers from opening other datasets or files
# (their defaults are already NO; an environment variable could have turned them on).
GDAL_LOCKDOWN = {
    "CPL_VSIL_CURL_ALLOWED_FILENAME": "/vsicurl/no-network-during-an-import",
    "OGR_SQLITE_ALLOW_EXTERNAL_ACCESS": "NO",
    "ALLOW_VIRTUAL_OGR_FROM_TRIGGER_AND_VIEW": "NO",
    "ALLOW_OGR_SQL_FUNCTIONS_FROM_TRIGGER_AND_VIEW": "NO",
}
_GDAL_LOCK = threading.Lock()  # GDAL's options are process-wide: one upload at a time sets and restores them

# In a GeoPackage's schema SQL: virtual file systems, URLs, and the SQLite functions that open other datasets
OUTSIDE_REFERENCE = re.compile(
    r"/vsi\w*|\w+://|VirtualOGR|gdal_get_pixel_value|ogr_datasource_load_layers|load_extension|readfile|writefile",
    re.IGNORECASE,
)
VSI_COMPONENT = re.compile(r"(?:^|/)vsi[a-z0-9_]*(?:/|$)")  # /vsicurl/..., vsizip/...: not vsize_zones.shp
SAFE_CRS_NAME = re.compile(r"[A-Za-z0-9_.:-]{1,100}")  # EPSG:4545, urn:ogc:def:crs:OGC:1.3:CRS84; no URL or path


@dataclass
class _Source:
    """What GDAL is to open, with which driver, and how to read its text."""

    path: str
    driver: str
    declared: bool = True  # False for a Shapefile without .prj
    encoding: str | None = None  # "ISO-8859-1" (byte for byte) when the .dbf's code page must be found from its bytes


@contextmanager
def gdal_locked_down() -> Iterator[None]:
    """Hold :data:`GDAL_LOCKDOWN` while reading; put the previous values back afterwards."""
    import pyogrio

    with _GDAL_LOCK:
        saved = {key: pyogrio.get_gdal_config_option(key) for key in GDAL_LOCKDOWN}
        pyogrio.set_gdal_config_options(GDAL_LOCKDOWN)
        try:
            yield
        finally:
            pyogrio.set_gdal_config_options(saved)


def _crs_finding(crs: object) -> str | None:
    """Return why a GeoJSON ``crs`` member is not read, or None for a plain named CRS (or null)."""
    if crs is None:
        return None
    if isinstance(crs, dict) and crs.get("type") == "name":
        props = crs.get("properties")
        value = props.get("name") if isinstance(props, dict) else None
        if isinstance(value, str) and SAFE_CRS_NAME.fullmatch(value):
            return None
        return f"a crs name {str(value)[:80]!r} that is not a code such as EPSG:4545"
    kind = crs.get("type") if isinstance(crs, dict) else type(crs).__name__
    return f"a crs of type {str(kind)[:40]!r} (only a named CRS such as EPSG:4545 is read; links are never followed)"


def strip_crs_links(doc: dict, name: str) -> list[Problem]:
    """Remove every ``crs`` member that is not a plain named CRS, at any level; return one problem each.

    Feature attributes (``properties``) and ``coordinates`` are data, not
    GeoJSON members, and are left alone.
    """
    problems = []
    stack: list[tuple[Any, int | None]] = [(doc, None)]
    while stack:
        node, feature_no = stack.pop()
        if isinstance(node, list):
            stack += [(item, feature_no) for item in node]
            continue
        if not isinstance(node, dict):
            continue
        if "crs" in node and (why := _crs_finding(node["crs"])) is not None:
            del node["crs"]
            problems.append(Problem(name, f"{why}: remove it or save the file as WGS-84", feature_no, None, "feature"))
        for key, value in node.items():
            if key in ("properties", "coordinates"):
                continue
            if key == "features" and node is doc and isinstance(value, list):
                stack += [(item, i) for i, item in enumerate(value, start=1)]
            else:
                stack.append((value, feature_no))
    return sorted(problems, key=lambda p: p.row or 0)


def geojson_for_gdal(raw: bytes, name: str) -> bytes:
    """Parse a GeoJSON in Python and return it re-serialised for GDAL, or refuse it.

    Raises
    ------
    IngestError
        When it is not JSON, nests too deeply, is not an object, or names its
        CRS by a link or a path.
    """
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except ValueError as exc:  # UnicodeDecodeError, JSONDecodeError, an integer too long to convert
        raise IngestError([Problem(name, f"not valid GeoJSON: {exc}")]) from exc
    except RecursionError as exc:
        raise IngestError([Problem(name, "not valid GeoJSON: it nests too deeply")]) from exc
    if not isinstance(doc, dict):
        raise IngestError([Problem(name, "not valid GeoJSON: the top level is not an object")])
    problems = strip_crs_links(doc, name)
    if problems:
        raise IngestError(problems)
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def gpkg_schema_problems(path: Path, name: str) -> list[Problem]:
    """Return a problem for each table, view or trigger of a GeoPackage whose SQL reaches outside the file.

    The schema is read with Python's own SQLite, read-only, before GDAL opens
    the file: a view may call GDAL's SQL functions or a VirtualOGR table on a
    ``/vsicurl/`` URL or a server path.
    """
    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)) as db:
            db.text_factory = lambda blob: blob.decode("utf-8", "replace")
            schema = db.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    except (sqlite3.Error, UnicodeError) as exc:  # a damaged schema can make SQLite's own message undecodable
        return [Problem(name, f"not a valid GeoPackage (SQLite says: {exc})")]
    problems = []
    for kind, item, sql in schema:
        found = OUTSIDE_REFERENCE.search(sql or "")
        if found:
            message = f"the {kind} {str(item)[:80]!r} refers to {found.group(0)!r}: a GeoPackage may not reach outside"
            problems.append(Problem(name, message))
    return problems


def _member_name_problem(filename: str) -> str | None:
    if not filename:
        return "has no name"
    lowered = filename.lower().replace("\\", "/")
    parts = PurePosixPath(lowered).parts
    if VSI_COMPONENT.search(lowered) or "://" in lowered:
        return "names a GDAL virtual file system or a URL"
    if lowered.startswith("/") or ".." in parts or any(ord(c) < 32 for c in filename):
        return "is not a plain file name inside the archive"
    return None


def _mac_metadata(filename: str) -> bool:
    """Return True for the resource forks macOS adds to a zip (``__MACOSX/``, ``._x.shp``): not part of the data."""
    return filename.startswith("__MACOSX/") or filename.rsplit("/", 1)[-1].startswith("._")


def _shapefile_members(raw: bytes, name: str) -> tuple[Any, dict[str, Any]]:
    """Return the archive and its Shapefile parts by extension (``.shp`` ... ``.cpg``); refuse name tricks."""
    archive = open_zip(raw, name)
    tricks = [(m.filename, why) for m in archive.infolist() if (why := _member_name_problem(m.filename))]
    if tricks:
        raise IngestError([Problem(name, f"the archive entry {f[:120]!r} {why}") for f, why in tricks])
    members = [m for m in archive.infolist() if not m.filename.endswith("/") and not _mac_metadata(m.filename)]
    shp = [m for m in members if m.filename.lower().endswith(".shp")]
    if len(shp) != 1:
        found = ", ".join(m.filename for m in members[:8]) or "nothing"
        raise IngestError([Problem(name, f"a zipped Shapefile must hold exactly one .shp (found: {found})")])
    stem = shp[0].filename[: -len(".shp")].lower()
    parts = {m.filename[len(stem) :].lower(): m for m in members if m.filename.lower().startswith(stem)}
    parts = {ext: m for ext, m in parts.items() if ext in SHAPEFILE_PARTS}
    missing = sorted({".shx", ".dbf"} - set(parts))
    if missing:
        raise IngestError([Problem(name, f"the Shapefile lacks {', '.join(missing)} next to {shp[0].filename}")])
    return archive, parts


def extract_shapefile(raw: bytes, name: str, into: Path) -> _Source:
    """Unpack only a zipped Shapefile's own parts, under fixed names, after proving the ``.shp`` is one.

    Raises
    ------
    IngestError
        When the archive is refused (see :func:`geo.ingest.archive.open_zip`),
        an entry's name is a path trick, parts are missing, or the ``.shp`` or
        ``.shx`` does not start with the Shapefile file code.
    """
    archive, parts = _shapefile_members(raw, name)
    budget = sum(m.file_size for m in parts.values())
    for ext, member in parts.items():
        blob = read_member(archive, member, name, budget)
        if ext in (".shp", ".shx") and not blob.startswith(SHP_MAGIC):
            raise IngestError(
                [Problem(name, f"{member.filename!r} is not a Shapefile {ext} (it lacks the Shapefile file code)")]
            )
        (into / f"upload{ext}").write_bytes(blob)
    dbf = (into / "upload.dbf").read_bytes()[:32]
    guess = ".cpg" not in parts and (len(dbf) < 30 or dbf[29] in UNTOLD_LDIDS)
    return _Source(str(into / "upload.shp"), "ESRI Shapefile", ".prj" in parts, "ISO-8859-1" if guess else None)


def _prepare(raw: bytes, name: str, fmt: str, folder: Path) -> _Source:
    """Write the upload into ``folder`` and say how GDAL is to open it."""
    if fmt == "zip":
        return extract_shapefile(raw, name, folder)
    if fmt == "gpkg":
        path = folder / "upload.gpkg"
        path.write_bytes(raw)
        schema_problems = gpkg_schema_problems(path, name)
        if schema_problems:
            raise IngestError(schema_problems)
        return _Source(f"GPKG:{path}", "GPKG")
    path = folder / "upload.geojson"
    path.write_bytes(geojson_for_gdal(raw, name))
    return _Source(f"GeoJSON:{path}", "GeoJSON")


def _read_layer(source: _Source, name: str, fmt: str, max_rows: int) -> Any:
    """Open the first layer with the expected driver only and read it into a GeoDataFrame."""
    import pyogrio

    try:
        info = pyogrio.read_info(source.path, layer=0, encoding=source.encoding, force_feature_count=True)
    except Exception as exc:  # the driver's own message locates the damage
        raise IngestError([Problem(name, f"cannot read the {fmt} file: {exc}")]) from exc
    if info["driver"] != source.driver:
        raise IngestError([Problem(name, f"GDAL took this {fmt} file for {info['driver']}: refused")])
    layer = str(info["layer_name"])
    if "/vsi" in layer.lower() or "://" in layer:
        raise IngestError([Problem(name, f"the layer name {layer[:120]!r} names a virtual file system or a URL")])
    if info["geometry_type"] is None:
        raise IngestError(
            [Problem(name, f"the layer {layer!r} has no geometry column: import a table without shapes as CSV or XLSX")]
        )
    if info["features"] > max_rows:
        raise IngestError([Problem(name, f"{info['features']:,} features: more than the {max_rows:,} an import takes")])
    try:
        return pyogrio.read_dataframe(source.path, layer=0, encoding=source.encoding)
    except Exception as exc:
        raise IngestError([Problem(name, f"cannot read the {fmt} file: {exc}")]) from exc


def open_vector(raw: bytes, name: str, fmt: str, max_rows: int) -> tuple[Any, bool, list[str]]:
    """Read a GeoJSON, GeoPackage or zipped Shapefile safely (see the module's docstring).

    Parameters
    ----------
    raw, name
        The upload and its name (for messages).
    fmt
        ``geojson``, ``gpkg`` or ``zip``, from :func:`geo.ingest.readers.sniff_format`.
    max_rows
        The most features an import takes; a larger layer is refused before it is read.

    Returns
    -------
    tuple
        ``(GeoDataFrame as read, whether the file declared its CRS, notes)``.

    Raises
    ------
    IngestError
        With every reason the file cannot be read.
    """
    with tempfile.TemporaryDirectory(prefix="cq-ingest-") as tmp, gdal_locked_down():
        source = _prepare(raw, name, fmt, Path(tmp))
        gdf = _read_layer(source, name, fmt, max_rows)
    notes = []
    if source.encoding is not None:
        gdf, label = decode_dbf_text(gdf, name)
        notes.append(f"the .dbf has no .cpg and names no code page: read as {label}")
    return gdf, source.declared, notes


def _recoded(gdf: Any, columns: list[str], encoding: str) -> Any:
    """Return ``gdf`` with names and text read as latin-1 re-decoded from their bytes; raise UnicodeDecodeError."""
    out = gdf.copy()
    for col in columns:
        out[col] = [v.encode("latin-1").decode(encoding) if isinstance(v, str) else v for v in gdf[col]]
    renames = {c: c.encode("latin-1").decode(encoding) for c in gdf.columns if c != gdf.geometry.name}
    return out.rename(columns=renames)


def decode_dbf_text(gdf: Any, name: str) -> tuple[Any, str]:
    """Decode a ``.dbf``'s text (read byte for byte as latin-1) as UTF-8, else GB18030; refuse what fits neither.

    Raises
    ------
    IngestError
        Naming the first feature and column whose bytes are neither UTF-8 nor GBK.
    """
    from pandas.api.types import is_object_dtype, is_string_dtype

    text = [c for c in gdf.columns if c != gdf.geometry.name]
    columns = [c for c in text if is_object_dtype(gdf[c].dtype) or is_string_dtype(gdf[c].dtype)]
    for encoding, label in (("utf-8", "UTF-8"), ("gb18030", "GBK/GB18030")):
        try:
            return _recoded(gdf, columns, encoding), label
        except UnicodeDecodeError:
            continue
    raise IngestError([_first_misfit(gdf, columns, name)])


def _first_misfit(gdf: Any, columns: list[str], name: str) -> Problem:
    """Locate the first column name or value whose bytes are neither UTF-8 nor GB18030."""
    message = (
        "the .dbf's text is neither UTF-8 nor GBK and no .cpg names its encoding: "
        "add a .cpg file next to the .shp holding the code page (e.g. GBK or UTF-8)"
    )
    for col in gdf.columns:
        shown = col.encode("latin-1").decode("gb18030", "replace")
        if not _fits(col):
            return Problem(name, f"{message} (in the column's name)", None, shown, "feature")
        for i, value in enumerate(gdf[col] if col in columns else [], start=1):
            if isinstance(value, str) and not _fits(value):
                return Problem(name, message, i, shown, "feature")
    return Problem(name, message)


def _fits(text: str) -> bool:
    """Return True when latin-1 text's bytes read as UTF-8 or as GB18030."""
    blob = text.encode("latin-1")
    for encoding in ("utf-8", "gb18030"):
        try:
            blob.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False
