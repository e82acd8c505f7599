"""The first view waits for work, not for the network.

:class:`FirstView` is one ASGI middleware (``serve.py``); so far it is
:class:`NoDelay`, which turns Nagle's algorithm off on every connection.
Streamlit binds its listening socket itself with ``socket.socket(family)``,
whose protocol number is 0, and asyncio sets ``TCP_NODELAY`` only on sockets
whose protocol is ``IPPROTO_TCP``, so the accepted connections keep Nagle on. A
response is written as headers, then body; on a kept-alive connection the body
then waits for the browser's delayed ACK of the headers: **40 ms per request**
on Linux (measured: 44 ms for a 12 kB chunk on the second request of a
connection, 1 ms on the first; in Chromium, 52 ms against 7 ms per request,
sequentially). A first view makes about 110 requests over Chromium's 6
connections per host, so those stalls add up. The middleware reaches the
connection's socket through uvicorn's ``receive`` (a bound method of the request
cycle, which holds the transport) and sets the option; on any other server it
does nothing.
"""

from __future__ import annotations

import socket
from typing import Any

from web.compression import ASGIApp, Receive, Scope, Send

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


class FirstView:
    """ASGI middleware: :class:`NoDelay` (see the module's docstring).

    Parameters
    ----------
    app
        The wrapped ASGI application.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = NoDelay(app)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI connection."""
        await self.app(scope, receive, send)
