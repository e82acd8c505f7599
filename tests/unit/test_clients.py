"""web.clients: the sign-in limiter's key is the real client, whatever X-Forwarded-For a client sends."""

from __future__ import annotations

import pytest

import serve
from settings import load_settings
from web.clients import client_key, parse_trusted_proxies, server_rewrites_peer

NONE = parse_trusted_proxies(None)
LOOPBACK_PROXY = parse_trusted_proxies("127.0.0.1, ::1")


def test_without_trusted_proxies_a_spoofed_header_never_changes_the_key() -> None:
    assert client_key("203.0.113.7", [], NONE) == "203.0.113.7"
    for spoof in (["1.2.3.4"], ["198.51.100.1, 10.0.0.9"], ["5.6.7.8", "9.9.9.9"], ["garbage"]):
        assert client_key("203.0.113.7", spoof, NONE) == "203.0.113.7"
        assert client_key(None, spoof, NONE) == "loopback"  # a loopback proxy that is not trusted: one key


def test_a_trusted_proxy_names_the_client_and_what_the_client_prepended_is_ignored() -> None:
    # nginx on the same host with `proxy_set_header X-Forwarded-For $remote_addr;`
    assert client_key(None, ["198.51.100.23"], LOOPBACK_PROXY) == "198.51.100.23"
    # a proxy that appends ($proxy_add_x_forwarded_for): the right-most untrusted entry is the client
    assert client_key(None, ["1.2.3.4, 198.51.100.23"], LOOPBACK_PROXY) == "198.51.100.23"
    assert client_key(None, ["1.2.3.4", "198.51.100.23"], LOOPBACK_PROXY) == "198.51.100.23"  # two header lines
    # two trusted hops: the edge proxy 10.0.0.2 wrote the client, the local proxy wrote 10.0.0.2
    chain = parse_trusted_proxies("127.0.0.1,10.0.0.0/24")
    assert client_key(None, ["6.6.6.6, 198.51.100.23, 10.0.0.2"], chain) == "198.51.100.23"
    # a peer that is not a trusted proxy: its header is ignored
    assert client_key("192.0.2.5", ["198.51.100.23"], chain) == "192.0.2.5"
    assert client_key("10.0.0.2:5555", ["198.51.100.23"], chain) == "198.51.100.23"


def test_a_trusted_proxy_without_a_header_or_with_garbage_keys_on_the_proxy() -> None:
    assert client_key(None, [], LOOPBACK_PROXY) == "loopback"
    assert client_key(None, ["not-an-ip"], LOOPBACK_PROXY) == "loopback"
    assert client_key(None, ["1.2.3.4, not-an-ip"], LOOPBACK_PROXY) == "loopback"


def test_addresses_are_normalised_and_ipv6_clients_are_counted_per_64() -> None:
    assert client_key("2001:db8:1:2::1", [], NONE) == "2001:db8:1:2::/64"
    assert client_key("2001:db8:1:2:ffff::9", [], NONE) == "2001:db8:1:2::/64"
    assert client_key("::ffff:192.0.2.1", [], NONE) == "192.0.2.1"
    assert client_key(None, ["[2001:db8::5]:4431"], LOOPBACK_PROXY) == "2001:db8::/64"
    assert client_key(None, ["192.0.2.1:80"], LOOPBACK_PROXY) == "192.0.2.1"
    assert client_key("not an address", [], NONE) == "unknown"


def test_when_uvicorn_may_have_rewritten_the_peer_every_forwarded_request_shares_one_key() -> None:
    for spoof in ("1.2.3.4", "5.6.7.8"):
        assert client_key(spoof, [spoof], NONE, server_rewrites=True) == "forwarded"
        assert client_key(spoof, [spoof], LOOPBACK_PROXY, server_rewrites=True) == "forwarded"
    assert client_key("203.0.113.7", [], NONE, server_rewrites=True) == "203.0.113.7"


def test_uvicorn_trusts_loopback_unless_the_variable_is_set_and_empty() -> None:
    assert server_rewrites_peer({})  # uvicorn's default: 127.0.0.1,::1
    assert server_rewrites_peer({"FORWARDED_ALLOW_IPS": "*"})
    assert not server_rewrites_peer({"FORWARDED_ALLOW_IPS": ""})


def test_trusted_proxies_are_validated() -> None:
    assert parse_trusted_proxies(" 10.0.0.0/8 , ::1,") == parse_trusted_proxies("10.0.0.0/8,::1")
    assert len(parse_trusted_proxies("10.0.0.0/8,::1")) == 2
    for bad in ("*", "proxy.local", "10.0.0.300", "10.0.0.0/33"):
        with pytest.raises(ValueError, match="CQ_DASH_TRUSTED_PROXIES"):
            parse_trusted_proxies(bad)
    assert load_settings(env={}).trusted_proxies == ()
    assert load_settings(env={"CQ_DASH_TRUSTED_PROXIES": "127.0.0.1"}).trusted_proxies == LOOPBACK_PROXY[:1]
    with pytest.raises(ValueError):
        load_settings(env={"CQ_DASH_TRUSTED_PROXIES": "*"})


def test_serve_refuses_to_start_on_bad_proxies_and_otherwise_turns_uvicorn_trust_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started: list[list[str]] = []
    monkeypatch.setattr(serve.os, "execv", lambda path, args: started.append([path, *args]))
    monkeypatch.setenv("CQ_DASH_TRUSTED_PROXIES", "everyone")
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "127.0.0.1")
    assert serve.main([]) == 2
    assert started == []
    monkeypatch.setenv("CQ_DASH_TRUSTED_PROXIES", "127.0.0.1")
    assert serve.main(["--server.port", "1"]) == 0
    assert started[0][2:5] == ["-m", "streamlit", "run"] and started[0][-2:] == ["--server.port", "1"]
    assert serve.os.environ["FORWARDED_ALLOW_IPS"] == ""
