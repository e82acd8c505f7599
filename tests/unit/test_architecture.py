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
        if p.stem != "__main__" and "migrations" not in p.parts  # Alembic runs its scripts by path, on purpose
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


def test_every_spreadsheet_export_goes_through_the_neutralising_writers() -> None:
    """CSV and Excel leave the app only through components.export (geo.tables.neutralise_frame)."""
    writers = (".to_csv(", ".to_excel(", "ExcelWriter(", "csv.writer(", "DictWriter(")
    files = [*ROOT.glob("*.py"), *(ROOT / "components").rglob("*.py"), *(ROOT / "pages").rglob("*.py")]
    offenders = [
        f.name for f in files if f.name != "export.py" and any(w in f.read_text(encoding="utf-8") for w in writers)
    ]
    assert offenders == []
    export = (ROOT / "components" / "export.py").read_text(encoding="utf-8")
    assert export.count("neutralise_frame(frame).to_") == 2


def test_the_tables_built_in_csv_download_is_off() -> None:
    """st.dataframe's own CSV download writes cells raw (no formula neutralising): the config turns it off."""
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True


def _from_imports(path: Path) -> list[tuple[str, str]]:
    """Return ``(module, name)`` for every ``from module import name`` in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.module, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    ]


# The pure builders and what each may import from components/ (never Streamlit, folium or a widget).
PURE = {
    "tables": {"components.i18n", "components.status"},
    "cards": {"components.i18n", "components.status", "components.tables"},
    "status": {"components.i18n"},
}


def test_the_table_builders_never_import_streamlit_or_a_widget() -> None:
    """components.tables, .cards and .status build DataFrames and strings only: never Streamlit, folium or a widget."""
    for name, allowed in PURE.items():
        path = ROOT / "components" / f"{name}.py"
        assert not _imports(path) & {"streamlit", "streamlit_folium", "folium"}, name
        assert {m for m, _ in _from_imports(path) if m.startswith("components")} <= allowed, name
    modules = ", ".join(f"components.{name}" for name in PURE)
    code = f"import sys; import {modules}; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_widgets_take_their_tables_from_components_tables_not_from_each_other() -> None:
    """Tables, facts and lines are built in the pure modules (PURE); no widget imports a builder from another."""
    builder = ("_table", "_label", "_title", "_lines", "_facts")
    widgets = [p for p in (ROOT / "components").glob("*.py") if p.stem not in PURE]
    defined = [
        f"{p.name}:{node.name}"
        for p in widgets
        for node in ast.parse(p.read_text(encoding="utf-8")).body
        if isinstance(node, ast.FunctionDef)
        and node.name.endswith(("_table", "_lines", "_facts"))
        and not node.name.startswith(("_", "render_"))
    ]
    assert defined == []
    imported = [
        f"{p.name}: {module}.{name}"
        for p in [*widgets, *(ROOT / "pages").glob("*.py")]
        for module, name in _from_imports(p)
        if module.startswith("components.")
        and module.removeprefix("components.") not in PURE
        and (name.startswith("_") or (name.endswith(builder) and not name.startswith("render_")))
    ]
    assert imported == []
