"""Offline copies of folium's default scripts and stylesheets for the baseline app.

The plain approach loads every URL in folium's ``Map.default_js/default_css``
and ``MarkerCluster.default_js/default_css``. These point at CDNs; offline, one
failed URL and streamlit-folium never shows the map. :func:`setup_vendor`
copies the same versions from the package registries into
``static/bench-vendor/`` (served by Streamlit at ``app/static/bench-vendor/``),
and :func:`localize` points a folium element's asset lists at those copies.

Sources: Leaflet from the PyPI package XStatic-Leaflet (already a runtime
dependency; byte-identical to npm's 1.9.3); everything else with ``npm pack``
from the npm registry at exactly the versions folium 0.20 links to.
"""

from __future__ import annotations

import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR_DIR = ROOT / "static" / "bench-vendor"
CACHE_DIR = Path(__file__).resolve().parent / ".cache" / "npm"
IFRAME_URL = "../../app/static/bench-vendor"


@dataclass(frozen=True)
class NpmPackage:
    """One npm tarball and the files (or folders) taken from it: member path -> target under the vendor folder."""

    spec: str
    tarball: str
    files: dict[str, str]


NPM_PACKAGES: tuple[NpmPackage, ...] = (
    NpmPackage(
        "jquery@3.7.1",
        "jquery-3.7.1.tgz",
        {"package/dist/jquery.min.js": "jquery/jquery.min.js"},
    ),
    NpmPackage(
        "bootstrap@5.2.2",
        "bootstrap-5.2.2.tgz",
        {
            "package/dist/js/bootstrap.bundle.min.js": "bootstrap/bootstrap.bundle.min.js",
            "package/dist/css/bootstrap.min.css": "bootstrap/bootstrap.min.css",
        },
    ),
    NpmPackage(
        # cdnjs's "Leaflet.awesome-markers/2.0.2" is published on npm under this name.
        "drmonty-leaflet-awesome-markers@2.0.2",
        "drmonty-leaflet-awesome-markers-2.0.2.tgz",
        {
            "package/js/leaflet.awesome-markers.js": "awesome-markers/leaflet.awesome-markers.js",
            "package/css/leaflet.awesome-markers.css": "awesome-markers/leaflet.awesome-markers.css",
            "package/css/images/": "awesome-markers/images/",
        },
    ),
    NpmPackage(
        "@fortawesome/fontawesome-free@6.2.0",
        "fortawesome-fontawesome-free-6.2.0.tgz",
        {"package/css/all.min.css": "fontawesome/css/all.min.css", "package/webfonts/": "fontawesome/webfonts/"},
    ),
    NpmPackage(
        "leaflet.markercluster@1.1.0",
        "leaflet.markercluster-1.1.0.tgz",
        {
            "package/dist/leaflet.markercluster.js": "markercluster/leaflet.markercluster.js",
            "package/dist/MarkerCluster.css": "markercluster/MarkerCluster.css",
            "package/dist/MarkerCluster.Default.css": "markercluster/MarkerCluster.Default.css",
        },
    ),
)
LEAFLET_FILES = {
    "data/leaflet.js": "leaflet/leaflet.js",
    "data/leaflet.css": "leaflet/leaflet.css",
    "data/images/marker-icon.png": "leaflet/images/marker-icon.png",
    "data/images/marker-icon-2x.png": "leaflet/images/marker-icon-2x.png",
    "data/images/marker-shadow.png": "leaflet/images/marker-shadow.png",
    "data/images/layers.png": "leaflet/images/layers.png",
    "data/images/layers-2x.png": "leaflet/images/layers-2x.png",
}

# folium asset name -> vendored file. Keep in step with folium's default_js/default_css lists.
LOCAL_ASSETS: dict[str, str] = {
    "leaflet": "leaflet/leaflet.js",
    "jquery": "jquery/jquery.min.js",
    "bootstrap": "bootstrap/bootstrap.bundle.min.js",
    "awesome_markers": "awesome-markers/leaflet.awesome-markers.js",
    "leaflet_css": "leaflet/leaflet.css",
    "bootstrap_css": "bootstrap/bootstrap.min.css",
    "awesome_markers_font_css": "fontawesome/css/all.min.css",
    "awesome_markers_css": "awesome-markers/leaflet.awesome-markers.css",
    "markerclusterjs": "markercluster/leaflet.markercluster.js",
    "markerclustercss": "markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "markercluster/MarkerCluster.Default.css",
}
# Dropped (no registry copy of these exact files; neither is used by what the baseline draws):
# Bootstrap 3 glyphicons CSS and folium's awesome-marker rotation CSS. Dropping them makes the
# baseline slightly *smaller*, so app/baseline payload ratios err against the app.
OMITTED_ASSETS: frozenset[str] = frozenset({"glyphicons_css", "awesome_rotate_css"})


def _npm_pack(pkg: NpmPackage, cache: Path) -> Path:
    """Return the package's tarball, fetched once with ``npm pack`` into ``cache``."""
    tarball = cache / pkg.tarball
    if not tarball.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "pack", pkg.spec, "--pack-destination", str(cache), "--silent"],
            check=True,
            capture_output=True,
            text=True,
        )
    return tarball


def _extract(tarball: Path, files: dict[str, str], dest: Path) -> None:
    """Copy the listed members (a trailing ``/`` takes a whole folder) out of ``tarball`` into ``dest``."""
    with tarfile.open(tarball) as tar:
        for member in tar.getmembers():
            if not member.isfile():
                continue
            for src, target in files.items():
                if member.name == src or (src.endswith("/") and member.name.startswith(src)):
                    out = dest / (target + member.name[len(src) :] if src.endswith("/") else target)
                    out.parent.mkdir(parents=True, exist_ok=True)
                    with tar.extractfile(member) as fh:  # type: ignore[union-attr]
                        out.write_bytes(fh.read())


def _copy_leaflet(dest: Path) -> None:
    """Copy Leaflet out of the XStatic-Leaflet package."""
    for src, target in LEAFLET_FILES.items():
        with resources.as_file(resources.files("xstatic.pkg.leaflet").joinpath(src)) as path:
            out = dest / target
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, out)


def vendor_ready(dest: Path = VENDOR_DIR) -> bool:
    """Return True when every file the baseline links to is present (as a real file, not a symlink)."""
    return all((dest / t).is_file() and not (dest / t).is_symlink() for t in LOCAL_ASSETS.values())


def setup_vendor(dest: Path = VENDOR_DIR, cache: Path = CACHE_DIR) -> Path:
    """Fill ``dest`` with the baseline's offline assets unless already complete; return ``dest``.

    Raises
    ------
    subprocess.CalledProcessError
        When ``npm pack`` fails (no npm, or the registry cannot be reached).
    """
    if vendor_ready(dest):
        return dest
    _copy_leaflet(dest)
    for pkg in NPM_PACKAGES:
        _extract(_npm_pack(pkg, cache), pkg.files, dest)
    if not vendor_ready(dest):
        missing = [t for t in LOCAL_ASSETS.values() if not (dest / t).is_file()]
        raise FileNotFoundError(f"baseline assets missing after setup: {missing}")
    return dest


def localize(element: object, base: str = IFRAME_URL) -> None:
    """Point a folium element's ``default_js``/``default_css`` at the vendored copies, on the instance.

    Raises
    ------
    KeyError
        For an asset name folium added that has no local copy (it would break offline rendering).
    """
    for attr in ("default_js", "default_css"):
        local = []
        for name, _url in getattr(element, attr):
            if name in OMITTED_ASSETS:
                continue
            if name not in LOCAL_ASSETS:
                raise KeyError(f"no offline copy of folium asset {name!r}; add it to bench/vendor.py")
            local.append((name, f"{base}/{LOCAL_ASSETS[name]}"))
        setattr(element, attr, local)
