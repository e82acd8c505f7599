"""Settings are checked at start-up: every bad value is named, all at once, and serve.py refuses to start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from components.brief import find_chromium
from settings import SettingsError, configured_chromium, load_settings
from tests.conftest import ROOT


def problems(env: dict[str, str], secrets: dict[str, object] | None = None) -> tuple[str, ...]:
    with pytest.raises(SettingsError) as refused:
        load_settings(env=env, secrets=secrets)
    assert isinstance(refused.value, ValueError)
    return refused.value.problems


def test_defaults_are_valid() -> None:
    cfg = load_settings(env={})
    assert (cfg.default_basemap, cfg.tile_datum, cfg.chromium) == ("auto", "wgs84", None)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"CQ_DASH_TILE_DATUM": "GCJ02"}, "CQ_DASH_TILE_DATUM='GCJ02' must be wgs84 or gcj02 (write it in lower case"),
        ({"CQ_DASH_TILE_DATUM": "bd09"}, "CQ_DASH_TILE_DATUM='bd09' must be wgs84 or gcj02"),
        ({"CQ_DASH_BASEMAP": "gaode"}, "CQ_DASH_BASEMAP='gaode' is not a basemap: use auto or one of none, amap"),
        ({"CQ_DASH_BASEMAP": "tianditu"}, "CQ_DASH_BASEMAP='tianditu' needs TIANDITU_KEY"),
        ({"CQ_DASH_BASEMAP": "intranet"}, "CQ_DASH_BASEMAP='intranet' needs CQ_DASH_TILE_URL"),
        ({"CQ_DASH_TILE_URL": "tiles.local/a.png"}, "CQ_DASH_TILE_URL='tiles.local/a.png' must be an http"),
        ({"CQ_DASH_DATA_DIR": "/no/such/folder"}, "CQ_DASH_DATA_DIR='/no/such/folder' is not a folder"),
        ({"CQ_DASH_DATA_DIR": "/tmp"}, "CQ_DASH_DATA_DIR='/tmp' is not a data folder: it has no schema.toml"),
        ({"CHROMIUM": "/no/such/chromium"}, "CHROMIUM='/no/such/chromium' does not exist"),
        ({"CQ_DASH_TRUSTED_PROXIES": "*"}, "CQ_DASH_TRUSTED_PROXIES"),
    ],
)
def test_each_bad_value_is_named_with_what_it_must_be(env: dict[str, str], expected: str) -> None:
    (problem,) = problems(env)
    assert problem.startswith(expected), problem


def test_a_chromium_that_cannot_run_is_refused_and_one_that_can_is_used(tmp_path: Path) -> None:
    binary = tmp_path / "chromium"
    binary.write_text("#!/bin/sh\n")
    binary.chmod(0o644)
    assert problems({"CHROMIUM": str(binary)}) == (f"CHROMIUM={str(binary)!r} is not executable",)
    binary.chmod(0o755)
    assert load_settings(env={"CHROMIUM": str(binary)}).chromium == binary
    assert configured_chromium({"CHROMIUM": str(binary)}) == binary
    with pytest.raises(SettingsError, match="CHROMIUM"):
        configured_chromium({"CHROMIUM": str(tmp_path)})


def test_the_brief_uses_the_configured_chromium_and_refuses_a_missing_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHROMIUM", "/no/such/chromium")
    with pytest.raises(SettingsError, match="/no/such/chromium"):
        find_chromium()
    monkeypatch.setenv("CHROMIUM", sys.executable)
    assert find_chromium() == sys.executable


def test_every_problem_is_listed_at_once_and_secrets_are_checked_too() -> None:
    env = {"CQ_DASH_TILE_DATUM": "GCJ02", "CQ_DASH_DATA_DIR": "/no/such/folder", "CHROMIUM": "/no/such/chromium"}
    found = problems(env, secrets={"CQ_DASH_BASEMAP": "gaode"})
    assert [p.split("=")[0] for p in found] == ["CQ_DASH_BASEMAP", "CQ_DASH_TILE_DATUM", "CQ_DASH_DATA_DIR", "CHROMIUM"]
    message = str(SettingsError(found))
    assert message.splitlines()[0] == "invalid settings:" and all(f"- {p}" in message for p in found)


def test_serve_refuses_to_start_with_status_2_and_names_every_problem() -> None:
    env = {**os.environ, "CQ_DASH_TILE_DATUM": "GCJ02", "CQ_DASH_BASEMAP": "gaode", "CHROMIUM": "/no/such/chromium"}
    done = subprocess.run(
        [sys.executable, "serve.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines[0] == "serve.py: invalid settings:"
    assert lines[1].startswith("- CQ_DASH_BASEMAP='gaode' is not a basemap")
    assert lines[2].startswith("- CQ_DASH_TILE_DATUM='GCJ02' must be wgs84 or gcj02")
    assert lines[3].startswith("- CHROMIUM='/no/such/chromium' does not exist")
    assert "Traceback" not in done.stderr
