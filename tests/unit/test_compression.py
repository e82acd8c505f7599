"""web.compression: static files gzipped once, everything else untouched."""

from __future__ import annotations

import asyncio
import gzip
from concurrent.futures import ThreadPoolExecutor

import pytest

from web.compression import GzipCache, StaticGzip, accepts_gzip, is_candidate

JS = b"function f(){return 1}\n" * 400  # 9.2 kB, compresses well


def _app(body: bytes = JS, content_type: bytes = b"application/javascript", status: int = 200, chunk: int = 1000):
    calls = []

    async def app(scope, receive, send):
        calls.append(scope["path"])
        headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode()), (b"etag", b'"v1"')]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        for i in range(0, max(len(body), 1), chunk):
            await send({"type": "http.response.body", "body": body[i : i + chunk], "more_body": i + chunk < len(body)})

    return app, calls


def _get(app, path="/static/js/index.js", encoding=b"gzip, deflate", method="GET", extra=()):
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "root_path": "",
        "headers": [(b"accept-encoding", encoding), *extra],
    }
    sent = []

    async def receive():
        return {"type": "http.request"}

    async def send(message):
        sent.append(message)

    # in a thread of its own: the browser tests' Playwright session keeps a loop running in this one
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    start = sent[0]
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, body


@pytest.mark.parametrize(
    ("header", "ok"),
    [
        (b"gzip, deflate, br", True),
        (b"deflate", False),
        (b"gzip;q=0", False),
        (b"*", True),
        (b"", False),
        (b"GZIP;q=0.5", True),
    ],
)
def test_accept_encoding(header: bytes, ok: bool) -> None:
    assert accepts_gzip(header) is ok


def test_static_javascript_is_gzipped_once_and_served_from_memory() -> None:
    inner, calls = _app()
    app = StaticGzip(inner)
    for _ in range(3):
        status, headers, body = _get(app)
        assert status == 200 and headers["content-encoding"] == "gzip" and headers["vary"] == "Accept-Encoding"
        assert int(headers["content-length"]) == len(body) < len(JS) / 10
        assert gzip.decompress(body) == JS
    assert len(app.cache) == 1 and len(calls) == 3


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"path": "/_stcore/health"},  # not a static prefix
        {"encoding": b"identity"},  # browser does not accept gzip
        {"method": "POST"},
        {"extra": [(b"range", b"bytes=0-99")]},  # ranges describe the plain bytes
    ],
)
def test_requests_that_must_pass_through_unchanged(request_kwargs: dict) -> None:
    _, headers, body = _get(StaticGzip(_app()[0]), **request_kwargs)
    assert "content-encoding" not in headers and body == JS


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"x" * 100, b"application/javascript", 200),  # too small to be worth it
        (JS, b"font/woff2", 200),  # already compressed
        (JS, b"application/javascript", 304),
    ],
)
def test_responses_that_are_not_compressed(body: bytes, content_type: bytes, status: int) -> None:
    got_status, headers, got = _get(StaticGzip(_app(body, content_type, status)[0]))
    assert got_status == status and "content-encoding" not in headers and got == body


def test_cache_evicts_least_recently_used_within_its_budget() -> None:
    cache = GzipCache(max_bytes=10)
    cache.put(("a", b""), b"12345")
    cache.put(("b", b""), b"12345")
    assert cache.get(("a", b"")) == b"12345"  # a is now the most recent
    cache.put(("c", b""), b"123")
    assert cache.get(("b", b"")) is None and cache.get(("a", b"")) and cache.get(("c", b""))
    cache.put(("huge", b""), b"x" * 11)
    assert cache.get(("huge", b"")) is None


def test_candidate_strips_root_path() -> None:
    scope = {"type": "http", "method": "GET", "path": "/dash/static/x.js", "root_path": "/dash"}
    scope["headers"] = [(b"accept-encoding", b"gzip")]
    assert is_candidate(scope)


def test_content_addressed_files_are_cached_for_good_and_others_untouched() -> None:
    from web.compression import IMMUTABLE, ImmutableFiles

    inner, _ = _app(body=b"{}", content_type=b"application/json")
    app = ImmutableFiles(inner)
    _, headers, _ = _get(app, path="/app/static/generated/districts-0123456789abcdef.geojson")
    assert headers["cache-control"] == IMMUTABLE.decode()
    _, headers, _ = _get(app, path="/app/static/vendor/leaflet/leaflet.js")
    assert "cache-control" not in headers
    _, headers, _ = _get(ImmutableFiles(_app(status=404)[0]), path="/app/static/generated/missing.js")
    assert "cache-control" not in headers
