"""Architecture rules that must keep holding."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_geo_never_imports_streamlit_or_components() -> None:
    offenders = [
        p.name for p in (ROOT / "geo").rglob("*.py") if _imports(p) & {"streamlit", "streamlit_folium", "components"}
    ]
    assert offenders == []


def test_importing_geo_does_not_load_streamlit() -> None:
    modules = [
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in (ROOT / "geo").rglob("*.py")
        if p.stem != "__main__"
    ]
    code = f"import sys; import {', '.join(modules)}; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_no_cdn_urls_in_app_code() -> None:
    cdns = ("cdn.jsdelivr", "cdnjs.cloudflare", "unpkg.com", "code.jquery.com", "bootstrapcdn")
    files = [
        *ROOT.glob("*.py"),
        *(ROOT / "geo").rglob("*.py"),
        *(ROOT / "components").rglob("*.py"),
        *(ROOT / "pages").rglob("*.py"),
    ]
    assert [f.name for f in files if any(c in f.read_text(encoding="utf-8") for c in cdns)] == []
