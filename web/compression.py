"""Gzip for the static files a first visit downloads, compressed once and kept in memory.

Streamlit serves its own frontend bundles (``/static/…``) uncompressed on
purpose: compressing on every request costs CPU at the origin, and it expects
a reverse proxy to compress instead. This dashboard is often run as a single
process on an intranet machine with no proxy, where a first visit on meeting
Wi-Fi or a phone would download about 5 MB. :class:`StaticGzip` removes that
cost without Streamlit's objection: each file is compressed once (in a worker
thread) and the result is served from a bounded in-memory cache, keyed by path
and validator, so every later request is a dictionary lookup.

Only ``GET`` requests of the static prefixes are touched, and only when the
browser accepts gzip, the response is a complete ``200`` of a compressible
type without an encoding of its own, and it is not a range request. Everything
else passes through untouched.
"""

from __future__ import annotations

import asyncio
import gzip
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

STATIC_PREFIXES = ("/static/", "/app/static/", "/component/")
COMPRESSIBLE_TYPES = (
    "text/",
    "application/javascript",
    "application/x-javascript",
    "application/json",
    "application/geo+json",
    "application/xml",
    "image/svg+xml",
)
MINIMUM_SIZE = 256  # below this the gzip header eats the saving
MAXIMUM_SIZE = 16 * 1024 * 1024  # larger bodies stream through uncompressed
CACHE_BYTES = 64 * 1024 * 1024
LEVEL = 9  # paid once per file, so the best ratio is free


def request_header(scope: Scope, name: bytes) -> bytes:
    """Return one request header (lower-case ``name``), or ``b""``."""
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value
    return b""


def accepts_gzip(accept_encoding: bytes) -> bool:
    """Return True when an ``Accept-Encoding`` value allows gzip (``q=0`` refuses it).

    Parameters
    ----------
    accept_encoding
        The raw header value, e.g. ``b"gzip, deflate, br"``.
    """
    for part in accept_encoding.decode("latin-1").lower().split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip() not in ("gzip", "*"):
            continue
        q = params.strip().removeprefix("q=")
        try:
            return not params or float(q) > 0
        except ValueError:
            return False
    return False


def get_path(scope: Scope) -> str | None:
    """Return the path of an HTTP GET request below the app's root path; None for anything else."""
    if scope.get("type") != "http" or scope.get("method") != "GET":
        return None
    path: str = scope.get("path", "")
    root = scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


def is_candidate(scope: Scope, prefixes: tuple[str, ...] = STATIC_PREFIXES) -> bool:
    """Return True when a request may get a gzipped static file.

    Parameters
    ----------
    scope
        The ASGI connection scope.
    prefixes
        URL path prefixes of static files (``scope["root_path"]`` is stripped).
    """
    path = get_path(scope)
    if path is None or not path.startswith(prefixes) or request_header(scope, b"range"):
        return False
    return accepts_gzip(request_header(scope, b"accept-encoding"))


class GzipCache:
    """A size-bounded LRU of compressed bodies.

    Parameters
    ----------
    max_bytes
        Total compressed bytes kept; the least recently used entries go first.
    """

    def __init__(self, max_bytes: int = CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[tuple[str, bytes], bytes] = OrderedDict()
        self._size = 0

    def get(self, key: tuple[str, bytes]) -> bytes | None:
        """Return a cached body and mark it recently used."""
        body = self._items.get(key)
        if body is not None:
            self._items.move_to_end(key)
        return body

    def put(self, key: tuple[str, bytes], body: bytes) -> None:
        """Keep ``body`` under ``key``, evicting old entries beyond the budget."""
        if len(body) > self.max_bytes:
            return
        old = self._items.pop(key, None)
        if old is not None:
            self._size -= len(old)
        self._items[key] = body
        self._size += len(body)
        while self._size > self.max_bytes:
            _, dropped = self._items.popitem(last=False)
            self._size -= len(dropped)

    def __len__(self) -> int:
        return len(self._items)


def response_headers(start: Message) -> dict[bytes, bytes]:
    """Return a start message's headers by lower-case name."""
    return {key.lower(): value for key, value in start.get("headers", ())}


def _compressible(start: Message, length: int) -> bool:
    """Return True for a complete 200 response of a compressible type with no encoding."""
    headers = response_headers(start)
    content_type = headers.get(b"content-type", b"").decode("latin-1").lower()
    return (
        start.get("status") == 200
        and b"content-encoding" not in headers
        and MINIMUM_SIZE <= length <= MAXIMUM_SIZE
        and content_type.startswith(COMPRESSIBLE_TYPES)
    )


def _cache_key(path: str, start: Message, length: int) -> tuple[str, bytes]:
    """Key a body by path and its validator (ETag, else Last-Modified and length)."""
    headers = response_headers(start)
    validator = headers.get(b"etag") or headers.get(b"last-modified", b"") + b"/" + str(length).encode()
    return path, validator


def _with_gzip_headers(start: Message, length: int) -> Message:
    """Return the start message rewritten for a gzip body of ``length`` bytes."""
    headers = [
        (key, value) for key, value in start.get("headers", ()) if key.lower() not in (b"content-length", b"vary")
    ]
    vary = response_headers(start).get(b"vary", b"")
    vary_value = b"Accept-Encoding" if not vary else vary + b", Accept-Encoding"
    headers += [(b"content-encoding", b"gzip"), (b"content-length", str(length).encode()), (b"vary", vary_value)]
    return {**start, "headers": headers}


class StaticGzip:
    """ASGI middleware: gzip static files once, serve them from memory afterwards.

    Parameters
    ----------
    app
        The wrapped ASGI application.
    prefixes
        URL path prefixes whose responses may be compressed.
    cache
        Where compressed bodies are kept (a new :class:`GzipCache` by default).
    """

    def __init__(
        self, app: ASGIApp, prefixes: tuple[str, ...] = STATIC_PREFIXES, cache: GzipCache | None = None
    ) -> None:
        self.app = app
        self.prefixes = prefixes
        self.cache = cache if cache is not None else GzipCache()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI connection."""
        if not is_candidate(scope, self.prefixes):
            await self.app(scope, receive, send)
            return
        responder = _Responder(self, scope, send)
        await self.app(scope, receive, responder.send)
        await responder.flush()

    async def compressed(self, key: tuple[str, bytes], body: bytes) -> bytes:
        """Return the gzip of ``body``, from the cache or compressed in a worker thread."""
        cached = self.cache.get(key)
        if cached is None:
            cached = await asyncio.to_thread(gzip.compress, body, LEVEL, mtime=0)
            self.cache.put(key, cached)
        return cached


class BufferedResponse:
    """One ASGI HTTP response, buffered when :meth:`keep` accepts its start, passed through unchanged otherwise.

    Subclasses decide from the start message (:meth:`keep`) and act on the
    complete body (:meth:`complete`); both middlewares of :mod:`web` share this.

    Parameters
    ----------
    send
        The server's ``send``, to which everything is eventually forwarded.
    """

    def __init__(self, send: Send) -> None:
        self.downstream = send
        self.start: Message | None = None
        self.chunks: list[bytes] = []
        self.passthrough = False
        self.done = False

    async def send(self, message: Message) -> None:
        """Take one message from the wrapped application (this is the ``send`` it is given)."""
        if self.passthrough:
            await self.downstream(message)
            return
        if message["type"] == "http.response.start":
            if await self.keep(message):
                self.start = message
            else:
                self.passthrough = True
            return
        if message["type"] != "http.response.body" or self.start is None:
            await self.downstream(message)
            return
        self.chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            self.done = True
            await self.complete(b"".join(self.chunks))

    async def keep(self, start: Message) -> bool:
        """Return whether to buffer this response; a subclass that declines sends ``start`` on itself."""
        await self.downstream(start)
        return False

    async def complete(self, body: bytes) -> None:
        """Act on the whole body once its last chunk arrived (by default: nothing yet)."""

    async def send_whole(self, start: Message, body: bytes) -> None:
        """Send a start message and the whole body in one message."""
        await self.downstream(start)
        await self.downstream({"type": "http.response.body", "body": body})


class _Responder(BufferedResponse):
    """Buffers one response; sends it gzipped when it qualifies, unchanged otherwise."""

    def __init__(self, owner: StaticGzip, scope: Scope, send: Send) -> None:
        super().__init__(send)
        self.owner = owner
        self.scope = scope

    async def keep(self, start: Message) -> bool:
        length = response_headers(start).get(b"content-length")
        if length is not None and _compressible(start, int(length)):
            return True
        return await super().keep(start)

    async def flush(self) -> None:
        """Send the buffered response (gzipped when complete and worth it) once the application returned."""
        if self.passthrough or self.start is None:
            return
        body = b"".join(self.chunks)
        if not self.done or not _compressible(self.start, len(body)):
            await self.send_whole(self.start, body)
            return
        key = _cache_key(self.scope.get("path", ""), self.start, len(body))
        packed = await self.owner.compressed(key, body)
        if len(packed) >= len(body):
            await self.send_whole(self.start, body)
            return
        await self.send_whole(_with_gzip_headers(self.start, len(packed)), packed)


IMMUTABLE = b"public, max-age=31536000, immutable"


class ImmutableFiles:
    """ASGI middleware: mark content-addressed files as cacheable for good.

    Files under ``prefix`` are named by a hash of their content (layer data,
    point files, the map's script bundle), so a name never changes meaning:
    browsers may keep them a year and never revalidate, which also lets the
    page warm the cache for the map's iframe.

    Parameters
    ----------
    app
        The wrapped ASGI application.
    prefix
        URL path prefix of the content-addressed files.
    """

    def __init__(self, app: ASGIApp, prefix: str = "/app/static/generated/") -> None:
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI connection."""
        if scope.get("type") != "http" or not scope.get("path", "").startswith(self.prefix):
            await self.app(scope, receive, send)
            return

        async def send_with_cache_control(message: Message) -> None:
            if message["type"] == "http.response.start" and message.get("status") == 200:
                headers = [(k, v) for k, v in message.get("headers", ()) if k.lower() != b"cache-control"]
                message = {**message, "headers": [*headers, (b"cache-control", IMMUTABLE)]}
            await send(message)

        await self.app(scope, receive, send_with_cache_control)
