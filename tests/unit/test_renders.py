"""The PDF brief: one Chromium at a time per process, kept by area/language/year/data version, nothing fetched."""

from __future__ import annotations

import http.server
import itertools
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from components.brief import CSP, brief_pdf, find_chromium, html_to_pdf
from geo.catalog import load_catalog
from tests.unit.test_share_export import _brief
from web.renders import RenderBusy, RenderCache, reset_pdf_briefs

FAKE_CHROMIUM = """#!/bin/sh
echo "start $$ $(date +%s.%N)" >> "{log}"
for a in "$@"; do case "$a" in --print-to-pdf=*) out="${{a#--print-to-pdf=}}";; esac; done
sleep 0.3
printf '%%PDF-1.4 fake' > "$out"
echo "end $$ $(date +%s.%N)" >> "{log}"
"""


@pytest.fixture
def fake_chromium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A stand-in browser that takes 0.3 s per PDF and logs when each run starts and ends; a fresh brief cache."""
    log, script = tmp_path / "runs.log", tmp_path / "chromium"
    script.write_text(FAKE_CHROMIUM.format(log=log))
    script.chmod(0o755)
    monkeypatch.setenv("CHROMIUM", str(script))
    reset_pdf_briefs()
    yield log
    reset_pdf_briefs()


def _runs(log: Path) -> list[tuple[float, float]]:
    """Return (start, end) of every run of the fake browser, paired by its process id."""
    if not log.exists():
        return []
    events = [line.split() for line in log.read_text().splitlines()]
    ends = {pid: float(at) for kind, pid, at in events if kind == "end"}
    return [(float(at), ends[pid]) for kind, pid, at in events if kind == "start"]


def _key(area: str = "jiangjin", version: tuple = (("areas.csv", 1, 10),)) -> tuple:
    return (area, "zh", 2026, None, version, "2026-12-01")


def test_concurrent_briefs_never_run_two_chromiums_at_once(fake_chromium: Path) -> None:
    results: list[bytes | None] = []
    threads = [
        threading.Thread(target=lambda a=area: results.append(brief_pdf(_key(a), lambda: "<p>x</p>")))
        for area in ("jiangjin", "hechuan", "yubei")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    runs = sorted(_runs(fake_chromium))
    assert len(runs) == 3 and results == [b"%PDF-1.4 fake"] * 3
    for (_, end), (start, _) in itertools.pairwise(runs):
        assert start >= end, runs  # each run starts after the previous one ended


def test_the_same_brief_is_printed_once_and_new_data_prints_it_again(fake_chromium: Path) -> None:
    made: list[str] = []

    def html() -> str:
        made.append("html")
        return "<p>x</p>"

    assert brief_pdf(_key(), html) == b"%PDF-1.4 fake"
    assert brief_pdf(_key(), html) == b"%PDF-1.4 fake"
    assert len(_runs(fake_chromium)) == 1 and made == ["html"]
    brief_pdf(_key(version=(("areas.csv", 2, 10),)), html)  # an import changed the data
    assert len(_runs(fake_chromium)) == 2
    brief_pdf(_key(area="hechuan"), html)
    assert len(_runs(fake_chromium)) == 3


class Held:
    """A maker of ``result`` that says when it has started, then holds until released."""

    def __init__(self, result: bytes) -> None:
        self.result, self.calls = result, 0
        self.started, self.release = threading.Event(), threading.Event()

    def __call__(self) -> bytes:
        self.calls += 1
        self.started.set()
        self.release.wait(5)
        return self.result


def making(cache: RenderCache, key: str, maker: Held) -> threading.Thread:
    """Start ``cache.get(key, maker)`` in a thread; return the thread once ``maker`` is running."""
    worker = threading.Thread(target=cache.get, args=(key, maker))
    worker.start()
    assert maker.started.wait(5)
    return worker


def test_a_caller_waits_a_bounded_time_then_hears_the_renderer_is_busy() -> None:
    cache = RenderCache(wait_s=0.2)
    slow = Held(b"slow")
    worker = making(cache, "a", slow)
    t0 = time.monotonic()
    with pytest.raises(RenderBusy):
        cache.get("b", lambda: b"never")
    assert 0.15 < time.monotonic() - t0 < 2
    slow.release.set()
    worker.join()
    assert cache.get("a", lambda: b"never") == b"slow"  # kept; not made again


def test_a_waiter_for_the_same_brief_takes_the_one_just_made() -> None:
    cache = RenderCache()
    make = Held(b"pdf")
    first = making(cache, "a", make)
    got: list[bytes | None] = []
    second = threading.Thread(target=lambda: got.append(cache.get("a", make)))
    second.start()
    make.release.set()
    first.join()
    second.join()
    assert got == [b"pdf"] and make.calls == 1


def test_the_cache_keeps_the_most_recently_used_and_nothing_when_making_fails() -> None:
    cache = RenderCache(max_entries=2)
    cache.get("a", lambda: b"a")
    cache.get("b", lambda: b"b")
    cache.cached("a")  # used: "b" is now the oldest
    cache.get("c", lambda: b"c")
    assert cache.cached("b") is None and cache.cached("a") == b"a" and cache.cached("c") == b"c"
    assert cache.get("d", lambda: None) is None and cache.cached("d") is None


def test_the_brief_carries_a_restrictive_content_security_policy() -> None:

    html = _brief(load_catalog())
    head = html[: html.index("</head>")]
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in head
    assert head.index("Content-Security-Policy") < head.index("<style>")  # before anything it governs
    assert CSP == "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:"


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.parametrize("with_csp", [True, False], ids=["csp-and-flags", "flags-alone"])
def test_printing_a_brief_fetches_nothing_even_when_the_page_asks(with_csp: bool) -> None:
    if find_chromium() is None:
        pytest.fail("Chromium is required for the PDF brief (./dev test installs it)")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Recorder.hits = []
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        html = _brief(load_catalog())
        if not with_csp:
            html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
        asks = f'<img src="{base}/img.png"><link rel="stylesheet" href="{base}/x.css"><iframe src="{base}/f"></iframe>'
        assert html_to_pdf(html.replace("<body>", "<body>" + asks, 1)).startswith(b"%PDF")
        assert _Recorder.hits == []
    finally:
        server.shutdown()
        server.server_close()
