"""Offline assets: Leaflet and its plugins copied from their packages into the app's served folder.

Leaflet and Leaflet.markercluster's stylesheets come from PyPI (XStatic);
topojson-client, supercluster and leaflet-measure from pinned npm archives
(:mod:`tools.packages`, which records each version, digest and licence).

Streamlit serves ``static/`` at ``app/static/`` when ``server.enableStaticServing``
is on. streamlit-folium loads each JS/CSS URL of the map one by one inside its
iframe (served under ``component/...``), so the relative URL ``../../app/static/``
reaches our files and survives ``server.baseUrlPath``. Files are copied, not
symlinked: Streamlit answers symlinks out of ``static/`` with HTTP 400.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from tools.packages import LEAFLET_MEASURE, SUPERCLUSTER, TOPOJSON_CLIENT, Archive, read_member

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
VENDOR_SUBDIR = "vendor"
IFRAME_STATIC_URL = "../../app/static"


@dataclass(frozen=True)
class Asset:
    """One vendored file: its package (installed Python package or pinned npm archive) and where it is served."""

    package: str | Archive
    source: str
    target: str

    def read(self) -> bytes:
        """Return the file's bytes from its package (npm archives are fetched once into the cache)."""
        if isinstance(self.package, Archive):
            return read_member(self.package, self.source)
        return resources.files(self.package).joinpath(self.source).read_bytes()

    def is_current(self, path: Path) -> bool:
        """Return True when ``path`` already holds this file (a pinned archive's path names its version)."""
        if not path.is_file() or path.is_symlink():
            return False
        if isinstance(self.package, Archive):
            return True
        return path.stat().st_size == len(resources.files(self.package).joinpath(self.source).read_bytes())


TOPOJSON_CLIENT_JS = f"topojson-client-{TOPOJSON_CLIENT.version}/topojson-client.min.js"
SUPERCLUSTER_JS = f"supercluster-{SUPERCLUSTER.version}/supercluster.min.js"
LEAFLET_MEASURE_DIR = f"leaflet-measure-{LEAFLET_MEASURE.version}"
LEAFLET_MEASURE_CSS = f"{LEAFLET_MEASURE_DIR}/leaflet-measure.css"
# leaflet-measure's texts are compiled into one build per language: "cn" (Chinese) and "en" are served.
LEAFLET_MEASURE_LOCALES = ("cn", "en")
_MEASURE_ICONS = ("rulers", "start", "cancel", "check", "focus", "trash")  # what its stylesheet refers to


def leaflet_measure_js(locale: str) -> str:
    """Return the served path of leaflet-measure's build in ``locale`` (one of :data:`LEAFLET_MEASURE_LOCALES`)."""
    if locale not in LEAFLET_MEASURE_LOCALES:
        raise ValueError(f"leaflet-measure locale not served: {locale}")
    return f"{LEAFLET_MEASURE_DIR}/leaflet-measure.{locale}.js"


ASSETS: tuple[Asset, ...] = (
    Asset("xstatic.pkg.leaflet", "data/leaflet.js", "leaflet/leaflet.js"),
    Asset("xstatic.pkg.leaflet", "data/leaflet.css", "leaflet/leaflet.css"),
    Asset("xstatic.pkg.leaflet", "data/images/layers.png", "leaflet/images/layers.png"),
    Asset("xstatic.pkg.leaflet", "data/images/layers-2x.png", "leaflet/images/layers-2x.png"),
    Asset("xstatic.pkg.leaflet", "data/images/marker-icon.png", "leaflet/images/marker-icon.png"),
    Asset("xstatic.pkg.leaflet", "data/images/marker-icon-2x.png", "leaflet/images/marker-icon-2x.png"),
    Asset("xstatic.pkg.leaflet", "data/images/marker-shadow.png", "leaflet/images/marker-shadow.png"),
    # Only markercluster's stylesheets: the point bubbles keep its look, clustering is supercluster's.
    Asset("xstatic.pkg.leaflet_markercluster", "data/MarkerCluster.css", "markercluster/MarkerCluster.css"),
    Asset(
        "xstatic.pkg.leaflet_markercluster", "data/MarkerCluster.Default.css", "markercluster/MarkerCluster.Default.css"
    ),
    Asset(TOPOJSON_CLIENT, "package/dist/topojson-client.min.js", TOPOJSON_CLIENT_JS),
    Asset(TOPOJSON_CLIENT, "package/LICENSE", f"topojson-client-{TOPOJSON_CLIENT.version}/LICENSE"),
    Asset(SUPERCLUSTER, "package/dist/supercluster.min.js", SUPERCLUSTER_JS),
    Asset(SUPERCLUSTER, "package/LICENSE", f"supercluster-{SUPERCLUSTER.version}/LICENSE"),
    *(
        Asset(LEAFLET_MEASURE, f"package/dist/leaflet-measure.{locale}.js", leaflet_measure_js(locale))
        for locale in LEAFLET_MEASURE_LOCALES
    ),
    Asset(LEAFLET_MEASURE, "package/dist/leaflet-measure.css", LEAFLET_MEASURE_CSS),
    *(
        Asset(LEAFLET_MEASURE, f"package/dist/assets/{name}.png", f"{LEAFLET_MEASURE_DIR}/assets/{name}.png")
        for icon in _MEASURE_ICONS
        for name in (icon, f"{icon}_@2X")
    ),
    Asset(LEAFLET_MEASURE, "package/LICENSE", f"{LEAFLET_MEASURE_DIR}/LICENSE"),
)
GENERATED_SUBDIR = "generated"


def publish_generated(name: str, blob: bytes, static_dir: Path = STATIC_DIR) -> str:
    """Write a generated file (content-addressed name) into the served folder once; return its iframe URL."""
    path = static_dir / GENERATED_SUBDIR / name
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(blob)
        tmp.replace(path)
    return f"{IFRAME_STATIC_URL}/{GENERATED_SUBDIR}/{name}"


def bundle_scripts(urls: Sequence[str], static_dir: Path = STATIC_DIR) -> str:
    """Concatenate served scripts, in order, into one content-addressed file; return its iframe URL.

    ``st_folium`` loads a map's scripts one after the other, each waiting for
    the previous one: Leaflet, topojson-client and the app's two scripts cost four
    round trips before anything is drawn, a bundle costs one.

    Parameters
    ----------
    urls
        Script URLs under :data:`IFRAME_STATIC_URL`, in execution order.
    static_dir
        The folder Streamlit serves.

    Raises
    ------
    ValueError
        For a URL outside the served folder.
    """
    parts = []
    for url in urls:
        relative = url.removeprefix(IFRAME_STATIC_URL + "/")
        if relative == url:
            raise ValueError(f"not a served script: {url}")
        parts.append((static_dir / relative).read_bytes())
    blob = b"\n;\n".join(parts)  # a file may end in a line comment or without a semicolon
    return publish_generated(f"map-{hashlib.sha256(blob).hexdigest()[:16]}.js", blob, static_dir)


def vendor_path(target: str, static_dir: Path = STATIC_DIR) -> Path:
    """Return where a vendored file lives on disk."""
    return static_dir / VENDOR_SUBDIR / target


def asset_url(target: str, base: str = IFRAME_STATIC_URL) -> str:
    """Return the URL of a vendored file as seen from the map's iframe."""
    return f"{base}/{VENDOR_SUBDIR}/{target}"


def ensure_static_assets(static_dir: Path = STATIC_DIR) -> list[Path]:
    """Copy every vendored asset into ``static_dir`` unless an identical copy is there.

    Parameters
    ----------
    static_dir
        The folder Streamlit serves.

    Returns
    -------
    list of Path
        The files that were (re)copied; empty when all were current.
    """
    copied = []
    for asset in ASSETS:
        dst = vendor_path(asset.target, static_dir)
        if asset.is_current(dst):
            continue
        blob = asset.read()
        dst.parent.mkdir(parents=True, exist_ok=True)
        if dst.is_symlink():
            dst.unlink()
        tmp = dst.with_suffix(dst.suffix + ".tmp")
        tmp.write_bytes(blob)
        tmp.replace(dst)
        copied.append(dst)
    return copied


def read_asset(target: str, static_dir: Path = STATIC_DIR) -> str:
    """Return a vendored text asset (for inlining into standalone exports)."""
    ensure_static_assets(static_dir)
    return vendor_path(target, static_dir).read_text(encoding="utf-8")


if __name__ == "__main__":
    for path in ensure_static_assets():
        print(f"copied {path}")
