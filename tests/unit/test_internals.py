"""Streamlit and streamlit-folium are used through their public API; one module, web/legacy_pages.py, patches Streamlit.

Public here: ``import streamlit`` (``st.*``), ``streamlit.testing.v1`` (AppTest),
``streamlit.components.v1`` and ``streamlit_folium``'s names without a leading
underscore. Anything else reaches into a library's internals, which an upgrade
may change without notice.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PUBLIC_STREAMLIT = {"streamlit", "streamlit.testing.v1", "streamlit.components.v1"}
THE_ONE_PATCH = Path("web/legacy_pages.py")
THIS_FILE = Path(__file__).resolve().relative_to(ROOT)  # names the internals it looks for
# The benchmark decodes Streamlit's websocket frames to time reruns: it reads the wire format, patches nothing.
# The load test speaks it (bench/stproto.py builds BackMsgs; its Locust user sends a widget state).
WIRE = {"streamlit.proto.BackMsg_pb2", "streamlit.proto.ForwardMsg_pb2"}
READS_THE_WIRE_FORMAT = {
    Path("bench/browser.py"): WIRE,
    Path("bench/stproto.py"): {*WIRE, "streamlit.proto.WidgetStates_pb2"},
    Path("tests/unit/test_loadtest_protocol.py"): WIRE,
}
INTERNAL_WORDS = ("streamlit.runtime", "streamlit.web", "file_util", "PagesManager", "uses_pages_directory")


def project_files() -> list[Path]:
    skip = {".venv", "tests/fixtures", "test-results"}
    return [
        p.relative_to(ROOT)
        for p in sorted(ROOT.rglob("*.py"))
        if not any(str(p.relative_to(ROOT)).startswith(s) for s in skip) and ".venv" not in p.parts
    ]


def internal_uses(path: Path) -> set[str]:
    """Return what ``path`` uses of Streamlit's or streamlit-folium's internals."""
    return internal_uses_in((ROOT / path).read_text(encoding="utf-8"))


def internal_uses_in(source: str) -> set[str]:
    """Return what Python ``source`` uses of Streamlit's or streamlit-folium's internals."""
    found = {word for word in INTERNAL_WORDS if word in source}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("streamlit.") and a.name not in PUBLIC_STREAMLIT}
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("streamlit") and node.module not in PUBLIC_STREAMLIT | {"streamlit_folium"}:
                found.add(node.module)
            elif node.module == "streamlit":
                found |= {f"streamlit.{a.name}" for a in node.names if a.name != "*"}
            elif node.module == "streamlit_folium":
                found |= {f"streamlit_folium.{a.name}" for a in node.names if a.name.startswith("_")}
        elif (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and isinstance(node.value, ast.Name)
            and node.value.id in ("st", "streamlit", "streamlit_folium")
        ):
            found.add(f"{node.value.id}.{node.attr}")
    return found


def test_only_web_legacy_pages_touches_streamlit_internals() -> None:
    files = project_files()
    assert THE_ONE_PATCH in files and len(files) > 100
    offenders = {
        str(p): sorted(used - READS_THE_WIRE_FORMAT.get(p, set()))
        for p in files
        if p not in (THE_ONE_PATCH, THIS_FILE) and (used := internal_uses(p)) - READS_THE_WIRE_FORMAT.get(p, set())
    }
    assert offenders == {}


def test_the_check_recognises_internals() -> None:
    assert internal_uses(THE_ONE_PATCH) >= {"streamlit.runtime.pages_manager", "PagesManager"}
    assert internal_uses_in("from streamlit import file_util\nfrom streamlit.web import cli") >= {
        "streamlit.file_util",
        "streamlit.web",
    }
    assert internal_uses_in("from streamlit_folium import _get_map_string, st_folium") == {
        "streamlit_folium._get_map_string"
    }
    assert internal_uses_in("import streamlit as st\nst._main.write(1)") == {"st._main"}
    assert internal_uses_in("import streamlit as st\nfrom streamlit.testing.v1 import AppTest\nst.write(1)") == set()


def test_the_bench_scripts_get_the_repo_static_folder_through_a_link() -> None:
    link = ROOT / "bench" / "static"  # Streamlit serves the static/ folder next to the main script
    assert link.is_symlink() and link.resolve() == (ROOT / "static").resolve()
