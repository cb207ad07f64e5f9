"""Lifecycle: fast start, clean stop, restart on the same port, HTTPS, no leaked threads."""

from __future__ import annotations

import socket
import ssl
import threading
import time

import httpx
import pytest

from maia_tui.emulator import Emulator, EmulatorConfig, Faults, running_emulator
from tests.support import bearer, token_form


def emulator_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("maia-emulator")]


def test_addresses(http):
    with running_emulator(EmulatorConfig(projects=1), host="127.0.0.1", port=0) as emu:
        assert emu.port > 0
        assert emu.base_url == f"http://127.0.0.1:{emu.port}"
        assert emu.api_base == emu.base_url + "/dpc"
        assert emu.token_url == emu.base_url + "/oauth/dpc/token"
        home = http.get(emu.base_url + "/")
        assert home.status_code == 200 and emu.token_url in home.text


def test_stop_then_start_on_the_same_port(http):
    emu = Emulator(EmulatorConfig(projects=5))
    with emu:
        port = emu.port
        headers = bearer(emu)
        assert http.get(emu.api_base + "/v1/projects", headers=headers).status_code == 200
        emu.stop()
        assert not emu.running
        with pytest.raises(httpx.ConnectError):
            http.get(emu.api_base + "/v1/projects", headers=headers)
        emu.start()
        assert emu.port == port
        # Same process, same key, same issuer: a token from before the outage still works.
        assert http.get(emu.api_base + "/v1/projects", headers=headers).status_code == 200
        assert emu.stats.api_requests == 2  # counters survive a restart
    assert not emu.running


def test_stop_and_start_are_idempotent():
    others = emulator_threads()  # e.g. a session-wide emulator from another test package
    emu = Emulator(EmulatorConfig(projects=1))
    emu.stop()  # never started: nothing to do
    emu.start()
    port = emu.port
    emu.start()  # already running: nothing to do
    assert emu.port == port and len(emulator_threads()) == len(others) + 1
    emu.stop()
    emu.stop()
    assert emulator_threads() == others


def test_no_thread_outlives_stop(http):
    before = set(threading.enumerate())
    for _ in range(2):
        with running_emulator(EmulatorConfig(projects=3)) as emu:
            http.post(emu.token_url, data=token_form())
    assert set(threading.enumerate()) <= before


def test_an_explicit_port(http):
    with socket.socket() as probe:
        # Held (never listening) until the emulator has bound the port too, which SO_REUSEADDR on
        # both allows, so no other test or worker is given it in between.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        with running_emulator(EmulatorConfig(projects=1), port=port) as emu:
            assert emu.port == port
            assert http.post(emu.token_url, data=token_form()).status_code == 200


def test_a_busy_port_fails_loudly():
    with running_emulator(EmulatorConfig(projects=1)) as first:
        with pytest.raises(OSError):
            Emulator(EmulatorConfig(projects=1), port=first.port).start()


def test_an_account_of_100000_projects_serves_its_last_page(http):
    # How fast it starts is a figure of tests/benchmarks/bench_emulator.py, not a test.
    with running_emulator(EmulatorConfig(projects=100_000)) as emu:
        headers = bearer(emu)
        last = http.get(emu.api_base + "/v1/projects", params={"page": 999, "size": 100}, headers=headers).json()
    assert last["total"] == 100_000 and len(last["results"]) == 100
    assert last["results"][-1]["name"].endswith(str(100_000 // 640 + 1))


def test_stop_cuts_off_a_request_in_flight(http):
    emu = Emulator(EmulatorConfig(projects=1, faults=Faults(latency_ms=30_000)))
    emu.start()
    headers = bearer(emu)
    outcome: list[object] = []

    def call() -> None:
        try:
            outcome.append(http.get(emu.api_base + "/v1/projects", headers=headers))
        except httpx.HTTPError as exc:
            outcome.append(exc)

    caller = threading.Thread(target=call)
    caller.start()
    time.sleep(0.2)
    started = time.perf_counter()
    emu.stop()
    caller.join(30)
    assert time.perf_counter() - started < 15  # cut off, not the 30 s answer waited out
    assert len(outcome) == 1 and isinstance(outcome[0], (httpx.RemoteProtocolError, httpx.ReadError))


def test_https_with_a_private_ca(tmp_path):
    trustme = pytest.importorskip("trustme")
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    certfile, keyfile = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert.private_key_and_cert_chain_pem.write_to_path(str(certfile))
    cert.private_key_pem.write_to_path(str(keyfile))
    with running_emulator(EmulatorConfig(projects=2), ssl_certfile=str(certfile), ssl_keyfile=str(keyfile)) as emu:
        assert emu.base_url.startswith("https://127.0.0.1:")
        context = ssl.create_default_context()
        ca.configure_trust(context)
        with httpx.Client(verify=context) as client:
            token = client.post(emu.token_url, data=token_form()).json()["access_token"]
            body = client.get(emu.api_base + "/v1/projects", headers={"Authorization": f"Bearer {token}"}).json()
            assert body["total"] == 2
        with httpx.Client() as untrusting, pytest.raises(httpx.ConnectError):
            untrusting.get(emu.base_url + "/")
