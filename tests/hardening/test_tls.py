"""TLS: a server whose CA is unknown is refused with a message naming the problem, and
accepted once its CA bundle is configured. Certificates come from trustme."""

from __future__ import annotations

import pytest

from maia_tui.api.client import MaiaClient
from maia_tui.api.errors import TLSError
from maia_tui.api.regions import Endpoints
from maia_tui.api.secret import Secret
from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET


async def test_an_unknown_ca_is_refused_with_a_message_that_names_it(https_emulator):
    emu, _ = https_emulator
    assert emu.token_url.startswith("https://")
    endpoints = Endpoints(api_base=emu.api_base, token_url=emu.token_url)
    before = emu.stats.token_requests  # the emulator is shared by the module's tests, in any order
    async with MaiaClient(endpoints, DEMO_CLIENT_ID, Secret(DEMO_CLIENT_SECRET)) as client:
        with pytest.raises(TLSError) as caught:
            await client.login()
    text = str(caught.value)
    assert "Could not verify the TLS certificate of 127.0.0.1" in text
    assert "certificate" in (caught.value.detail or "")
    assert "CA bundle" in text  # says what to do
    assert emu.stats.token_requests == before  # nothing reached the server's handler


async def test_the_configured_ca_bundle_is_trusted(https_emulator):
    emu, ca_path = https_emulator
    endpoints = Endpoints(api_base=emu.api_base, token_url=emu.token_url)
    async with MaiaClient(endpoints, DEMO_CLIENT_ID, Secret(DEMO_CLIENT_SECRET), ca_bundle=ca_path) as client:
        await client.login()
        page = await client.list_projects()
    assert page.total == 30


def test_a_missing_ca_bundle_file_is_a_clear_error(tmp_path):
    endpoints = Endpoints(api_base="https://eu1.api.matillion.com/dpc")
    missing = tmp_path / "nope.pem"
    with pytest.raises(TLSError) as caught:
        MaiaClient(endpoints, "id", Secret("s"), ca_bundle=str(missing))
    assert caught.value.message == f"Could not load the CA bundle {missing}"
    assert "No such file" in (caught.value.detail or "")  # what the system said, to act on
