"""Shared fixtures: the repository root, a small self-contained data folder, and the app on a data folder."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def mini_data(tmp_path: Path) -> Path:
    """A data folder with the real schema and a few hand-made rows (see tests/fixtures/mini)."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "mini", target)
    shutil.copy(DATA / "schema.toml", target / "schema.toml")
    return target


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A private copy of the real data folder (without its kept versions), for a test to change."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("history"))
    return target


@contextmanager
def app_data(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The app on the data in ``folder`` (``CQ_DASH_DATA_DIR``), its Streamlit caches emptied before and after."""
    monkeypatch.setenv("CQ_DASH_DATA_DIR", str(folder))
    st.cache_resource.clear()
    st.cache_data.clear()
    try:
        yield folder
    finally:
        st.cache_resource.clear()
        st.cache_data.clear()


# Deterministic default basemap for every test and the servers they start:
# never probe tile hosts from the test suite.
os.environ.setdefault("CQ_DASH_BASEMAP", "none")
