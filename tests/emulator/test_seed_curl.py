"""The vendor page's own curl commands, copied verbatim, work against the emulator with only the
host swapped (maia-api.md section 6).

Each command runs twice: through the real `curl` binary (when installed), and through a tiny
interpreter of the same command text that sends the same request over a plain socket with
http.client. The second path always runs, so the proof holds on machines without curl.
"""

from __future__ import annotations

import http.client
import json
import os
import shlex
import shutil
import subprocess
from urllib.parse import quote, urlsplit

import pytest

from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, EmulatorConfig, running_emulator

# ---- verbatim from seed/000_4410c1b984aac9e7.txt ("Authenticate to the Maia API") ------------

SEED_TOKEN_LONG = """curl --location 'https://id.core.matillion.com/oauth/dpc/token' \\
--header 'Content-Type: application/x-www-form-urlencoded' \\
--data-urlencode 'grant_type=client_credentials' \\
--data-urlencode 'client_id=<CLIENT_ID>' \\
--data-urlencode 'client_secret=<CLIENT_SECRET>' \\
--data-urlencode 'audience=https://api.matillion.com'"""

SEED_TOKEN_SHORT = """curl -H "Content-Type: application/x-www-form-urlencoded" \\
    -d "grant_type=client_credentials&client_id=<YOUR_CLIENT_ID>8&client_secret=<YOUR_CLIENT_SECRET>" \\
    -X POST https://id.core.matillion.com/oauth/dpc/token"""

SEED_PROJECTS = """curl --location 'https://eu1.api.matillion.com/dpc/v1/projects?page=0&size=25' \\
--header 'Content-Type: application/x-www-form-urlencoded' \\
--header 'Authorization: Bearer <ACCESS_TOKEN>'"""

# PowerShell line continuations (backticks); run as an argument list, not through a shell.
SEED_PROJECTS_POWERSHELL = """curl -X GET "https://us1.api.matillion.com/dpc/v1/projects" `
     -H "Content-Type: application/x-www-form-urlencoded" `
     -H "Authorization: Bearer <example_bearer_token>" `
     -d "page=0&size=25\""""

VENDOR_HOSTS = ("https://id.core.matillion.com", "https://eu1.api.matillion.com", "https://us1.api.matillion.com")

TRANSPORTS = [
    pytest.param("curl", marks=pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")),
    "socket",  # always runs
]


def localize(command: str, base_url: str, token: str = "") -> str:
    """Swap the vendor's hosts for the emulator's and fill the documented placeholders."""
    for host in VENDOR_HOSTS:
        command = command.replace(host, base_url)
    for placeholder, value in {
        "<CLIENT_ID>": DEMO_CLIENT_ID,
        "<YOUR_CLIENT_ID>": DEMO_CLIENT_ID,
        "<CLIENT_SECRET>": DEMO_CLIENT_SECRET,
        "<YOUR_CLIENT_SECRET>": DEMO_CLIENT_SECRET,
        "<ACCESS_TOKEN>": token,
        "<example_bearer_token>": token,
    }.items():
        command = command.replace(placeholder, value)
    return command


def argv_of(command: str) -> list[str]:
    return shlex.split(command.replace("\\\n", " ").replace("`\n", " "))


def as_request(argv: list[str]) -> tuple[str, str, dict[str, str], bytes | None]:
    """What curl sends for the few options the vendor page uses: method, URL, headers, body."""
    assert argv[0] == "curl"
    method, url, headers, data = None, None, {"User-Agent": "curl/8", "Accept": "*/*"}, []
    args = iter(argv[1:])
    for arg in args:
        if arg == "--location":
            continue  # follow redirects: the emulator sends none
        if arg in ("--header", "-H"):
            name, _, value = next(args).partition(":")
            headers[name.strip()] = value.strip()
        elif arg == "-d":
            data.append(next(args))
        elif arg == "--data-urlencode":
            name, _, content = next(args).partition("=")
            data.append(f"{name}={quote(content, safe='')}")
        elif arg == "-X":
            method = next(args)
        elif arg.startswith("-"):
            raise AssertionError(f"the interpreter does not know {arg}")
        else:
            url = arg
    assert url is not None
    body = "&".join(data).encode() if data else None
    if body is not None:
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    return method or ("POST" if body is not None else "GET"), url, headers, body


def run(transport: str, command: str, shell: bool = True) -> dict:
    """Run one command; return the JSON body it printed or received."""
    if transport == "curl":
        argv = ["sh", "-c", command] if shell else argv_of(command)
        env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}  # loopback, never a proxy
        done = subprocess.run(argv, capture_output=True, timeout=10, check=True, env=env)
        return json.loads(done.stdout)
    method, url, headers, body = as_request(argv_of(command))
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, path, body=body, headers=headers)
        return json.loads(connection.getresponse().read())
    finally:
        connection.close()


@pytest.fixture(scope="module")
def emu():
    with running_emulator(EmulatorConfig(projects=140, seed=7)) as emu:
        yield emu


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_long_token_command_with_audience(emu, transport):
    body = run(transport, localize(SEED_TOKEN_LONG, emu.base_url))
    assert body["token_type"] == "Bearer" and body["expires_in"] == 1800
    assert body["access_token"].count(".") == 2


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_short_token_command_as_printed_names_an_unknown_client(emu, transport):
    # The page prints "client_id=<YOUR_CLIENT_ID>8": that stray 8 makes a different client id.
    body = run(transport, localize(SEED_TOKEN_SHORT, emu.base_url))
    assert body == {"error": "invalid_client", "error_description": "Invalid client or Invalid client credentials"}


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_short_token_command_without_audience_works(emu, transport):
    command = localize(SEED_TOKEN_SHORT.replace("<YOUR_CLIENT_ID>8", "<YOUR_CLIENT_ID>"), emu.base_url)
    assert "audience" not in command
    body = run(transport, command)
    assert body["scope"] == "pipeline-execution" and body["access_token"]


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_projects_request_with_the_token(emu, transport):
    before = emu.stats.token_requests
    token = run(transport, localize(SEED_TOKEN_LONG, emu.base_url))["access_token"]
    body = run(transport, localize(SEED_PROJECTS, emu.base_url, token))
    assert (body["page"], body["size"], body["total"]) == (0, 25, 140)
    assert len(body["results"]) == 25 and {"id", "name", "description"} <= set(body["results"][0])
    assert emu.stats.token_requests == before + 1


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_powershell_projects_request_with_paging_in_the_body(emu, transport):
    token = emu.issue_token()
    body = run(transport, localize(SEED_PROJECTS_POWERSHELL, emu.base_url, token), shell=False)
    assert (body["page"], body["size"]) == (0, 25) and len(body["results"]) == 25


def test_the_interpreter_reads_the_commands_as_curl_does():
    method, url, headers, body = as_request(argv_of(localize(SEED_TOKEN_LONG, "http://h:1")))
    assert (method, url) == ("POST", "http://h:1/oauth/dpc/token")
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert body == (
        b"grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret-change-me"
        b"&audience=https%3A%2F%2Fapi.matillion.com"
    )
    method, url, _, body = as_request(argv_of(localize(SEED_PROJECTS, "http://h:1", "T")))
    assert (method, url, body) == ("GET", "http://h:1/dpc/v1/projects?page=0&size=25", None)
