"""web.firstview: Nagle off on every connection."""

from __future__ import annotations

import asyncio
import http.client
import socket
import threading

from web.firstview import NoDelay


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
