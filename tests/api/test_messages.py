"""#13: an error says each thing once, each sentence ends with a full stop, and a host is named
with its port when the port is not the scheme's default."""

from __future__ import annotations

import httpx
import pytest

from maia_tui.api.errors import BadRequest, PipelineDisabled, RequestTimeout
from maia_tui.api.responses import transport_error


def test_a_refused_connection_names_host_and_port_when_the_port_is_not_the_default() -> None:
    failure = transport_error(
        httpx.ConnectError("All connection attempts failed"), httpx.URL("http://127.0.0.1:8765/x")
    )
    assert failure.message == "Could not connect to 127.0.0.1:8765"
    assert failure.host == "127.0.0.1"  # the attribute stays the host alone
    assert str(failure) == (
        "Could not connect to 127.0.0.1:8765: All connection attempts failed. "
        "Check the network, a proxy (HTTPS_PROXY) or the URL."
    )


def test_the_default_port_is_not_named() -> None:
    failure = transport_error(httpx.ConnectError("boom"), httpx.URL("https://eu1.api.matillion.com/dpc/v1/projects"))
    assert failure.message == "Could not connect to eu1.api.matillion.com"


@pytest.mark.parametrize(
    "error, once",
    [
        (RequestTimeout("eu1.api.matillion.com did not answer in time (ReadTimeout)"), "did not answer in time"),
        (PipelineDisabled("The pipeline 'load' in 'prod' is disabled (HTTP 410)"), "disabled"),
        (BadRequest("eu1.api.matillion.com rejected GET /v1/projects (HTTP 400)", detail="size too big"), "size"),
    ],
)
def test_each_thing_is_said_once_and_it_ends_with_a_full_stop(error, once) -> None:  # type: ignore[no-untyped-def]
    text = str(error)
    assert text.count(once) == 1, text
    assert text.endswith(".") and ".." not in text, text


def test_the_servers_words_are_not_repeated_when_the_message_already_holds_them() -> None:
    error = BadRequest("The server said: size too big", detail="size too big")
    assert str(error).count("size too big") == 1


def test_the_login_form_shows_each_part_as_a_sentence() -> None:
    from maia_tui.ui.format import error_text

    failure = transport_error(httpx.ConnectError("refused"), httpx.URL("http://127.0.0.1:9000/"))
    lines = error_text(failure).plain.splitlines()
    assert lines == [
        "Could not connect to 127.0.0.1:9000.",
        "refused",
        "Check the network, a proxy (HTTPS_PROXY) or the URL.",
    ]
