"""The first view waits for work, not for the network: no Nagle stalls, and the widgets' code asked for at once.

:class:`FirstView` is one ASGI middleware (``serve.py``) made of two parts:

- :class:`NoDelay` turns Nagle's algorithm off on every connection. Streamlit
  binds its listening socket itself with ``socket.socket(family)``, whose
  protocol number is 0, and asyncio sets ``TCP_NODELAY`` only on sockets whose
  protocol is ``IPPROTO_TCP``, so the accepted connections keep Nagle on. A
  response is written as headers, then body; on a kept-alive connection the
  body then waits for the browser's delayed ACK of the headers: **40 ms per
  request** on Linux (measured: 44 ms for a 12 kB chunk on the second request of
  a connection, 1 ms on the first; in Chromium, 52 ms against 7 ms per request,
  sequentially). A first view makes about 110 requests over Chromium's 6
  connections per host, so those stalls add up.
  The middleware reaches the connection's socket through uvicorn's ``receive``
  (a bound method of the request cycle, which holds the transport) and sets the
  option; on any other server it does nothing.
- :class:`PreloadIndex` adds ``<link rel="modulepreload">`` hints to the
  ``index.html`` Streamlit serves, for the JavaScript chunks of the widgets the
  map page shows first. Streamlit's frontend imports a widget's chunk only when
  the first element of that kind arrives over the websocket, so about 35 small
  files were requested only after the script's first messages, and the map's
  iframe only after all of them. With the hints they load with the frontend.
  Which chunks: the build manifest of the installed Streamlit resolves the
  widget entries listed in ``first_view_chunks.json`` (recorded from a real
  first view by ``python -m bench.timeline --record``; ``tests/e2e`` checks that
  the list is still exactly what the first view needs) into files, with their
  shared imports. Only a body equal to Streamlit's own ``index.html`` is
  rewritten, once at start-up; its ETag changes with it. A request with the
  header ``X-First-View-Hints: off`` gets the page unchanged (``bench.timeline``
  measures with and without the hints this way, in one run).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import re
import socket
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from web.compression import (
    ASGIApp,
    BufferedResponse,
    Message,
    Receive,
    Scope,
    Send,
    get_path,
    request_header,
    response_headers,
)

CHUNKS_FILE = Path(__file__).with_name("first_view_chunks.json")
MARK = "data-first-view"  # on every added link
PLAIN_HEADER = b"x-first-view-hints"  # a request with this header set to "off" gets index.html as Streamlit wrote it
NOT_PAGES = ("/static/", "/_stcore/", "/component/", "/app/static/", "/media/")

_LOG = logging.getLogger(__name__)


# --- no Nagle --------------------------------------------------------------------------------------------


def connection_socket(receive: Receive) -> Any | None:
    """Return the socket of the connection a request came on, when the server lets us see it (uvicorn)."""
    owner = getattr(receive, "__self__", None)
    transport = getattr(owner, "transport", None)
    if transport is None:
        return None
    try:
        return transport.get_extra_info("socket")
    except Exception:  # a transport of another kind
        return None


def set_nodelay(sock: Any) -> bool:
    """Turn Nagle's algorithm off on a TCP socket; return True when the option is set."""
    if sock is None or getattr(sock, "family", None) not in (socket.AF_INET, socket.AF_INET6):
        return False
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:
        return False
    return True


class NoDelay:
    """ASGI middleware: ``TCP_NODELAY`` on the connection of every HTTP request and websocket.

    Parameters
    ----------
    app
        The wrapped ASGI application.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI connection."""
        if scope.get("type") in ("http", "websocket"):
            set_nodelay(connection_socket(receive))  # a system call per request: cheaper than remembering
        await self.app(scope, receive, send)


# --- preload hints ---------------------------------------------------------------------------------------


def streamlit_static_dir() -> Path:
    """Return the folder of Streamlit's frontend build (``index.html``, ``manifest.json``, ``static/``).

    The ``static`` folder of the installed package, which Streamlit serves at
    the root; read only, nothing of Streamlit's code is called.
    """
    import streamlit

    return Path(streamlit.__file__).resolve().parent / "static"


def recorded_entries(path: Path = CHUNKS_FILE) -> list[str]:
    """Return the manifest entries (widget sources) the map page's first view imports, as recorded (none yet: [])."""
    if not path.is_file():
        return []
    return list(json.loads(path.read_text(encoding="utf-8"))["entries"])


def named_in_index(html: str) -> set[str]:
    """Return the ``static/...`` files an ``index.html`` already names (entry script, preloads, style sheets)."""
    return set(re.findall(r"""(?:src|href)="\./(static/[^"]+)\"""", html))


def chunk_files(manifest: dict[str, dict], entries: Iterable[str], skip: set[str]) -> tuple[list[str], list[str]]:
    """Resolve manifest entries into the files a browser loads for them, in dependency order.

    Parameters
    ----------
    manifest
        Streamlit's Vite build manifest (``static/manifest.json``).
    entries
        Keys of dynamic entries, e.g. ``../lib/src/components/elements/PageLink/PageLink.tsx``.
    skip
        Files already loaded otherwise (those ``index.html`` names).

    Returns
    -------
    tuple[list[str], list[str]]
        The files (JavaScript and CSS, ``static/...``, imports before importers, each once)
        and the entries the manifest does not know.
    """
    files: list[str] = []
    missing: list[str] = []
    seen: set[str] = set()

    def visit(key: str) -> None:
        if key in seen:
            return
        seen.add(key)
        item = manifest.get(key)
        if item is None:
            missing.append(key)
            return
        if item.get("isEntry"):  # the frontend's entry (index.html) and its imports are loaded anyway
            return
        for dep in item.get("imports", ()):
            visit(dep)
        for path in (*item.get("css", ()), item["file"]):
            if path not in skip and path not in files:
                files.append(path)

    for entry in entries:
        visit(entry)
    return files, missing


def preload_tags(files: Iterable[str]) -> str:
    """Return the ``<link>`` tags that preload ``files`` as ``index.html`` writes its own."""
    tags = []
    for path in files:
        if path.endswith(".css"):
            tags.append(f'<link rel="preload" as="style" crossorigin href="./{path}" {MARK}>')
        else:
            tags.append(f'<link rel="modulepreload" crossorigin href="./{path}" {MARK}>')
    return "".join(f"    {tag}\n" for tag in tags)


def with_preloads(html: str, files: list[str]) -> str:
    """Return ``index.html`` with preload hints for ``files`` after its own module preloads."""
    if not files:
        return html
    tags = preload_tags(files)
    anchor = html.find('<link rel="stylesheet"')
    if anchor < 0:
        anchor = html.find("</head>")
    if anchor < 0:
        return html
    line_start = html.rfind("\n", 0, anchor) + 1
    return html[:line_start] + tags + html[line_start:]


def build_index(static_dir: Path | None = None, entries: list[str] | None = None) -> tuple[bytes, bytes, list[str]]:
    """Return Streamlit's ``index.html``, the rewritten one, and the added files.

    Entries the installed Streamlit does not know are left out with a warning
    (after an upgrade: record the list again).
    """
    static_dir = static_dir or streamlit_static_dir()
    original = (static_dir / "index.html").read_bytes()
    html = original.decode("utf-8")
    manifest = json.loads((static_dir / "manifest.json").read_text(encoding="utf-8"))
    files, missing = chunk_files(manifest, recorded_entries() if entries is None else entries, named_in_index(html))
    if missing:
        _LOG.warning(
            "%d first-view chunks are not in Streamlit's build manifest (%s...): record them again with "
            "`python -m bench.timeline --record`",
            len(missing),
            missing[0],
        )
    files = [f for f in files if (static_dir / f).is_file()]
    return original, with_preloads(html, files).encode("utf-8"), files


def _is_page_request(scope: Scope) -> bool:
    """Return True for a GET that may be answered with ``index.html`` (the root or a page's path)."""
    path = get_path(scope)
    return path is not None and not path.startswith(NOT_PAGES)


class PreloadIndex:
    """ASGI middleware: serve Streamlit's ``index.html`` with preload hints for the first view's chunks.

    Parameters
    ----------
    app
        The wrapped ASGI application.
    static_dir
        Streamlit's frontend build folder (by default the installed Streamlit's).
    entries
        Manifest entries to preload (by default ``first_view_chunks.json``).
    """

    def __init__(self, app: ASGIApp, static_dir: Path | None = None, entries: list[str] | None = None) -> None:
        self.app = app
        try:
            self.original, self.rewritten, self.files = build_index(static_dir, entries)
        except (OSError, ValueError, KeyError, TypeError) as exc:  # a frontend build unlike Streamlit's: no hints
            _LOG.warning("no first-view preload hints: %s: %s", type(exc).__name__, exc)
            self.original = self.rewritten = b""
            self.files = []
        self.rewritten_gzip = gzip.compress(self.rewritten, 9, mtime=0)
        self.etag = b'"fv-' + hashlib.sha256(self.rewritten).hexdigest()[:32].encode() + b'"'
        self.origin_etag: bytes | None = None  # Streamlit's ETag of index.html, learned from its first answer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI connection."""
        plain = request_header(scope, PLAIN_HEADER).strip().lower() == b"off"
        if plain or not self.files or not _is_page_request(scope):
            await self.app(scope, receive, send)
            return
        await self.app(self._translated(scope), receive, _IndexResponder(self, send).send)

    def _translated(self, scope: Scope) -> Scope:
        """Let a browser that holds the rewritten page revalidate it: our ETag back to Streamlit's."""
        if self.origin_etag is None:
            return scope
        headers = []
        for key, value in scope.get("headers", ()):
            if key.lower() == b"if-none-match" and self.etag in value:
                value = value.replace(self.etag, self.origin_etag)
            headers.append((key, value))
        return {**scope, "headers": headers}


class _IndexResponder(BufferedResponse):
    """Buffers an HTML answer; replaces Streamlit's ``index.html`` with the rewritten one."""

    def __init__(self, owner: PreloadIndex, send: Send) -> None:
        super().__init__(send)
        self.owner = owner

    async def keep(self, start: Message) -> bool:
        headers = response_headers(start)
        if start.get("status") == 200 and headers.get(b"content-type", b"").startswith(b"text/html"):
            return True
        if start.get("status") == 304 and headers.get(b"etag") == self.owner.origin_etag:
            start = self._with_etag(start)  # the browser holds the rewritten page under our ETag
        return await super().keep(start)

    def _with_etag(self, start: Message) -> Message:
        headers = [(k, v) for k, v in start.get("headers", ()) if k.lower() != b"etag"]
        return {**start, "headers": [*headers, (b"etag", self.owner.etag)]}

    async def complete(self, body: bytes) -> None:
        assert self.start is not None
        headers = response_headers(self.start)
        encoding = headers.get(b"content-encoding")
        gzipped = encoding == b"gzip"
        try:
            plain = gzip.decompress(body) if gzipped else body
        except (OSError, EOFError):
            plain = None
        if encoding not in (None, b"gzip") or plain != self.owner.original:
            await self.send_whole(self.start, body)
            return
        if b"etag" in headers:
            self.owner.origin_etag = headers[b"etag"]
        out = self.owner.rewritten_gzip if gzipped else self.owner.rewritten
        kept = [(k, v) for k, v in self.start.get("headers", ()) if k.lower() not in (b"content-length", b"etag")]
        kept += [(b"content-length", str(len(out)).encode()), (b"etag", self.owner.etag)]
        await self.send_whole({**self.start, "headers": kept}, out)


class FirstView:
    """ASGI middleware: :class:`NoDelay` around :class:`PreloadIndex` (see the module's docstring).

    Parameters
    ----------
    app
        The wrapped ASGI application.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = NoDelay(PreloadIndex(app))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI connection."""
        await self.app(scope, receive, send)
