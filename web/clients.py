"""Who is on the other end: the client address that keys the sign-in limiter.

Streamlit 1.67 serves through uvicorn, whose ``ProxyHeadersMiddleware`` (on by
default) replaces the connection's peer with an ``X-Forwarded-For`` entry
whenever the peer is one of ``FORWARDED_ALLOW_IPS`` (by default ``127.0.0.1``
and ``::1``). ``serve.py`` sets that variable to the empty string, so the
peer that reaches the app is the real TCP peer, and this module alone decides
whether a forwarded address is believed: only when the peer is a configured
trusted proxy (``CQ_DASH_TRUSTED_PROXIES``), and then the right-most address
that no trusted proxy wrote (a client can prepend anything to the header, but
each trusted proxy appends the address it saw).

No Streamlit here: :func:`client_key` takes the peer and the headers.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping, Sequence

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

UVICORN_ENV = "FORWARDED_ALLOW_IPS"  # read by uvicorn.Config when the server starts
UVICORN_DEFAULT = "127.0.0.1,::1"  # uvicorn's value when the variable is unset
LOOPBACK = (ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1"))
IPV6_PREFIX = 64  # one IPv6 client usually holds a whole /64: count its addresses as one
FORWARDED_ENTRIES = 32  # entries of X-Forwarded-For looked at, from the right


def parse_trusted_proxies(value: str | None) -> tuple[Network, ...]:
    """Parse a comma-separated list of proxy addresses or networks.

    Parameters
    ----------
    value
        E.g. ``"127.0.0.1, 10.0.0.0/24, ::1"``; empty or None means none.

    Returns
    -------
    tuple of networks
        One network per entry (a single address is a /32 or /128).

    Raises
    ------
    ValueError
        When an entry is neither an IP address nor a network (``*`` is refused:
        trusting every peer would let any client choose its own address).
    """
    networks = []
    for entry in (value or "").split(","):
        entry = entry.strip()
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(f"CQ_DASH_TRUSTED_PROXIES: {entry!r} is not an IP address or network") from None
    return tuple(networks)


def server_rewrites_peer(env: Mapping[str, str]) -> bool:
    """Return True when uvicorn would replace a peer with an ``X-Forwarded-For`` entry.

    Parameters
    ----------
    env
        The server process's environment (uvicorn reads ``FORWARDED_ALLOW_IPS``).

    Returns
    -------
    bool
        False only when the variable is set and empty, as ``serve.py`` does.
    """
    return env.get(UVICORN_ENV, UVICORN_DEFAULT).strip() != ""


def _address(text: str) -> Address | None:
    """Parse one address as a peer or an ``X-Forwarded-For`` entry writes it (port and brackets allowed)."""
    text = text.strip()
    if text.startswith("["):  # [v6]:port
        text = text[1 : text.find("]")] if "]" in text else text
    elif text.count(":") == 1:  # v4:port
        text = text.split(":")[0]
    try:
        ip = ipaddress.ip_address(text.split("%")[0])
    except ValueError:
        return None
    mapped = getattr(ip, "ipv4_mapped", None)
    return mapped or ip


def _key(ip: Address) -> str:
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/{IPV6_PREFIX}", strict=False))
    return str(ip)


def _trusted(ip: Address, trusted: Sequence[Network]) -> bool:
    return any(ip.version == net.version and ip in net for net in trusted)


def client_key(
    peer: str | None,
    forwarded_for: Iterable[str],
    trusted: Sequence[Network],
    *,
    server_rewrites: bool = False,
) -> str:
    """Return the key that identifies a client to the sign-in limiter.

    Parameters
    ----------
    peer
        The connection's peer address as Streamlit reports it
        (``st.context.ip_address``: None for a loopback peer or none at all).
    forwarded_for
        Every ``X-Forwarded-For`` header value of the request, in order.
    trusted
        The proxies whose ``X-Forwarded-For`` is believed
        (:func:`parse_trusted_proxies`); none by default, and then the header
        is ignored entirely.
    server_rewrites
        True when uvicorn may already have replaced ``peer`` with a forwarded
        address (:func:`server_rewrites_peer`). The real peer is then unknown
        whenever the header is present, so every such request shares one key
        (safe, if coarse: a guesser locks all proxied clients out, never in).

    Returns
    -------
    str
        An IPv4 address, an IPv6 /64 network, ``"loopback"``, ``"forwarded"``
        (see ``server_rewrites``) or ``"unknown"`` (a peer that is no address).
    """
    entries = [part for value in forwarded_for for part in value.split(",") if part.strip()]
    if server_rewrites and entries:
        return "forwarded"
    ip = LOOPBACK[0] if peer is None else _address(peer)
    if ip is None:
        return "unknown"
    if peer is None and not any(_trusted(lo, trusted) for lo in LOOPBACK):
        return "loopback"
    if peer is None or _trusted(ip, trusted):
        for entry in reversed(entries[-FORWARDED_ENTRIES:]):
            hop = _address(entry)
            if hop is None:
                break  # not written by a trusted proxy: believe nothing further left
            ip = hop
            if not _trusted(hop, trusted):
                break
    return "loopback" if ip in LOOPBACK else _key(ip)
