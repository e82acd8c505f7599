"""web.firstview: Nagle off on every connection; index.html with preload hints for the first view's chunks."""

from __future__ import annotations

import asyncio
import gzip
import http.client
import json
import socket
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from web.firstview import (
    MARK,
    NoDelay,
    PreloadIndex,
    build_index,
    chunk_files,
    named_in_index,
    recorded_entries,
    streamlit_static_dir,
    with_preloads,
)

INDEX = (
    b"<!DOCTYPE html>\n<html>\n  <head>\n"
    b'    <script type="module" crossorigin src="./static/js/index.A.js"></script>\n'
    b'    <link rel="modulepreload" crossorigin href="./static/js/shared.B.js">\n'
    b'    <link rel="stylesheet" crossorigin href="./static/css/index.C.css">\n'
    b'  </head>\n  <body><div id="root"></div></body>\n</html>\n'
)
MANIFEST = {
    "index.html": {"file": "static/js/index.A.js", "isEntry": True, "imports": ["_shared.B.js"]},
    "_shared.B.js": {"file": "static/js/shared.B.js"},
    "_widget-util.D.js": {"file": "static/js/widget-util.D.js", "imports": ["_shared.B.js"]},
    "src/Radio.tsx": {
        "file": "static/js/Radio.E.js",
        "isDynamicEntry": True,
        "imports": ["_shared.B.js", "_widget-util.D.js", "index.html"],
    },
    "src/Table.tsx": {
        "file": "static/js/Table.F.js",
        "isDynamicEntry": True,
        "imports": ["_widget-util.D.js"],
        "css": ["static/css/Table.G.css"],
    },
}


@pytest.fixture
def static_dir(tmp_path):
    (tmp_path / "index.html").write_bytes(INDEX)
    (tmp_path / "manifest.json").write_text(json.dumps(MANIFEST))
    for item in MANIFEST.values():
        for path in (item["file"], *item.get("css", ())):
            (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / path).write_text("x")
    return tmp_path


def test_chunk_files_follow_imports_once_and_skip_what_index_loads() -> None:
    skip = named_in_index(INDEX.decode())
    assert skip == {"static/js/index.A.js", "static/js/shared.B.js", "static/css/index.C.css"}
    files, missing = chunk_files(MANIFEST, ["src/Radio.tsx", "src/Table.tsx", "src/Gone.tsx"], skip)
    assert files == [
        "static/js/widget-util.D.js",
        "static/js/Radio.E.js",
        "static/css/Table.G.css",
        "static/js/Table.F.js",
    ]
    assert missing == ["src/Gone.tsx"]


def test_hints_go_after_the_module_preloads_and_before_the_style_sheet() -> None:
    html = with_preloads(INDEX.decode(), ["static/js/Radio.E.js", "static/css/Table.G.css"])
    lines = html.splitlines()
    radio = next(i for i, line in enumerate(lines) if "Radio.E.js" in line)
    assert lines[radio] == f'    <link rel="modulepreload" crossorigin href="./static/js/Radio.E.js" {MARK}>'
    assert 'rel="preload" as="style"' in lines[radio + 1]
    assert "shared.B.js" in lines[radio - 1] and 'rel="stylesheet"' in lines[radio + 2]
    # nothing else changes: without the marked lines it is Streamlit's page again
    assert "\n".join(line for line in lines if MARK not in line) + "\n" == INDEX.decode()
    assert with_preloads(INDEX.decode(), []) == INDEX.decode()


def test_the_recorded_first_view_chunks_are_in_the_installed_streamlit() -> None:
    """After a Streamlit upgrade renames a widget's source, record again: python -m bench.timeline --record."""
    manifest = json.loads((streamlit_static_dir() / "manifest.json").read_text(encoding="utf-8"))
    entries = recorded_entries()
    assert entries, "web/first_view_chunks.json lists no chunk"
    assert [e for e in entries if not manifest.get(e, {}).get("isDynamicEntry")] == []
    original, rewritten, files = build_index()
    assert original == (streamlit_static_dir() / "index.html").read_bytes()
    assert len(files) >= len(entries)
    for path in files:
        assert (streamlit_static_dir() / path).is_file()
        assert f'href="./{path}" {MARK}>' in rewritten.decode()


def _app(body: bytes, content_type: bytes = b"text/html", status: int = 200, encoding: bytes | None = None):
    async def app(scope, receive, send):
        headers = [(b"content-type", content_type), (b"etag", b'"orig"'), (b"cache-control", b"no-cache")]
        payload = gzip.compress(body) if encoding == b"gzip" else body
        if encoding:
            headers.append((b"content-encoding", encoding))
        headers.append((b"content-length", str(len(payload)).encode()))
        if status == 304:
            await send({"type": "http.response.start", "status": 304, "headers": [(b"etag", b'"orig"')]})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": status, "headers": headers})
        half = len(payload) // 2
        await send({"type": "http.response.body", "body": payload[:half], "more_body": True})
        await send({"type": "http.response.body", "body": payload[half:]})

    return app


def _get(app, path: str = "/", method: str = "GET", headers=()):
    scope = {"type": "http", "method": method, "path": path, "root_path": "", "headers": list(headers)}
    sent = []

    async def receive():
        return {"type": "http.request"}

    async def send(message):
        sent.append(message)

    with ThreadPoolExecutor(1) as pool:  # a loop of its own: the browser tests may keep one running here
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    start = sent[0]
    return (
        start["status"],
        {k.decode(): v.decode() for k, v in start["headers"]},
        b"".join(m.get("body", b"") for m in sent[1:]),
    )


def _middleware(static_dir, inner):
    return PreloadIndex(inner, static_dir=static_dir, entries=["src/Radio.tsx"])


@pytest.mark.parametrize("path", ["/", "/map", "/enterprises"])
def test_index_html_is_served_with_hints_on_every_page_path(static_dir, path: str) -> None:
    mw = _middleware(static_dir, _app(INDEX))
    status, headers, body = _get(mw, path)
    assert status == 200
    assert body == mw.rewritten and b"Radio.E.js" in body and b"widget-util.D.js" in body
    assert headers["content-length"] == str(len(body))
    assert headers["etag"] == mw.etag.decode() != '"orig"'
    assert headers["cache-control"] == "no-cache"


def test_a_gzipped_index_html_stays_gzipped(static_dir) -> None:
    mw = _middleware(static_dir, _app(INDEX, encoding=b"gzip"))
    _, headers, body = _get(mw, "/map")
    assert headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == mw.rewritten
    assert headers["content-length"] == str(len(body))


@pytest.mark.parametrize(
    ("path", "body", "content_type", "method", "extra"),
    [
        ("/", b"<html>another page</html>", b"text/html", "GET", ()),  # not Streamlit's index.html
        ("/component/x/index.html", INDEX, b"text/html", "GET", ()),  # not a page path
        ("/static/js/index.A.js", INDEX, b"application/javascript", "GET", ()),
        ("/", INDEX, b"text/html", "HEAD", ()),
        ("/", INDEX, b"text/html", "GET", ((b"x-first-view-hints", b"off"),)),  # asked for without
    ],
)
def test_everything_else_passes_untouched(static_dir, path, body, content_type, method, extra) -> None:
    mw = _middleware(static_dir, _app(body, content_type))
    status, headers, out = _get(mw, path, method=method, headers=extra)
    assert (status, out, headers["etag"]) == (200, body, '"orig"')


def test_a_brotli_body_is_left_alone(static_dir) -> None:
    mw = _middleware(static_dir, _app(INDEX, encoding=b"br"))
    _, headers, _ = _get(mw)
    assert headers["content-encoding"] == "br" and headers["etag"] == '"orig"'


def test_the_rewritten_page_revalidates_with_its_own_etag(static_dir) -> None:
    seen = []
    inner = _app(INDEX)

    async def app(scope, receive, send):
        seen.append(dict(scope["headers"]).get(b"if-none-match"))
        if seen[-1] == b'"orig"':
            await _app(INDEX, status=304)(scope, receive, send)
        else:
            await inner(scope, receive, send)

    mw = _middleware(static_dir, app)
    _, headers, _ = _get(mw)  # learns Streamlit's ETag
    status, headers, body = _get(mw, headers=[(b"if-none-match", mw.etag)])
    assert seen[-1] == b'"orig"'
    assert (status, headers["etag"], body) == (304, mw.etag.decode(), b"")


def test_a_frontend_without_a_manifest_is_served_unchanged(static_dir) -> None:
    (static_dir / "manifest.json").unlink()
    mw = _middleware(static_dir, _app(INDEX))
    assert mw.files == []
    assert _get(mw)[2] == INDEX


def test_no_hints_when_nothing_is_recorded(static_dir) -> None:
    mw = PreloadIndex(_app(INDEX), static_dir=static_dir, entries=[])
    assert mw.files == []
    assert _get(mw)[2] == INDEX


def test_nodelay_is_set_on_connections_of_a_socket_bound_like_streamlits() -> None:
    """Streamlit binds ``socket.socket(family)`` (protocol 0), on which asyncio leaves Nagle on."""
    import uvicorn

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        from web.firstview import connection_socket

        sock = connection_socket(receive)
        value = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) if sock is not None else -1
        body = str(value).encode()
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"%d" % len(body))]})
        await send({"type": "http.response.body", "body": body})

    def served(asgi) -> list[str]:
        listener = socket.socket(socket.AF_INET)  # protocol 0, as streamlit's _bind_socket
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(asgi, log_level="error", lifespan="off"))
        thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[listener])), daemon=True)
        thread.start()
        try:
            for _ in range(200):
                if server.started:
                    break
                threading.Event().wait(0.05)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            out = []
            for _ in range(2):  # two requests on one kept-alive connection
                conn.request("GET", "/")
                out.append(conn.getresponse().read().decode())
            conn.close()
            return out
        finally:
            server.should_exit = True
            thread.join(10)
            listener.close()

    assert served(NoDelay(app)) == ["1", "1"]
    assert served(app) == ["0", "0"]  # the reason for NoDelay: without it, Nagle stays on
