"""`maia-tui serve`: the app in a browser tab, through textual-serve (the `serve` extra).

Each tab runs its own `maia-tui` process, started from a command line built here from our own
flags (never a secret: the app takes those from the form, the keyring or the environment).
Loopback only, unless --host names another address and --allow-remote says so; either way a
random token, printed once inside the URL, is needed by every page, websocket and download.
"""

from __future__ import annotations

import argparse
import ipaddress
import secrets
import shlex
import socket
import sys
from typing import TextIO

from .common import EXIT_OK, EXIT_OTHER

EXIT_USAGE = 2
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
TOKEN_BYTES = 24  # 192 bits; token_urlsafe makes 32 characters of them
INSTALL_HINT = (
    "maia-tui serve needs the optional textual-serve package, which is not installed.\n"
    'Install it with:  pip install "maia-tui[serve]"'
)
# Flags passed on to each tab's app, as `maia-tui` itself takes them.
APP_SWITCHES = (("demo", "--demo"), ("allow_writes", "--allow-writes"))
APP_OPTIONS = (
    ("profile", "--profile"),
    ("region", "--region"),
    ("api_url", "--api-url"),
    ("token_url", "--token-url"),
    ("ca_bundle", "--ca-bundle"),
)


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST}: this machine only)"
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port to listen on (default {DEFAULT_PORT})")
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="needed to listen on an address other machines reach; anyone with the URL then uses this "
        "machine's keyring and network",
    )
    # SUPPRESS: `maia-tui --demo serve` and `maia-tui serve --demo` both keep --demo.
    parser.add_argument(
        "--demo", action="store_true", default=argparse.SUPPRESS, help="each tab runs against its own emulator"
    )
    parser.add_argument(
        "--allow-writes",
        action="store_true",
        default=argparse.SUPPRESS,
        help="allow running and cancelling pipelines in the tabs",
    )


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name: it may reach anywhere


def app_argv(args: argparse.Namespace) -> list[str]:
    """The command each tab runs: this Python, this package, the flags given to serve."""
    argv = [sys.executable, "-m", "maia_tui"]
    argv += [flag for name, flag in APP_SWITCHES if getattr(args, name, False)]
    for name, flag in APP_OPTIONS:
        value = getattr(args, name, None)
        if value:
            argv += [flag, str(value)]
    return argv


def public_url(host: str, port: int) -> str:
    shown = socket.gethostname() if host in ("0.0.0.0", "::") else host
    return f"http://[{shown}]:{port}" if ":" in shown else f"http://{shown}:{port}"


def port_problem(host: str, port: int) -> str | None:
    """Say now, before a URL is printed, if the address cannot be listened on."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as error:
        return f"cannot listen on {host} port {port}: {error.strerror or error}. Choose another with --port or --host."
    return None


REMOTE_WARNING = """\
!!! maia-tui serve is listening on {host}, which other machines can reach.
!!! Anyone who has the URL below (it holds the token) gets this app as you: the credentials in
!!! this machine's keyring and config file, MAIA_CLIENT_SECRET if set, and this machine's
!!! network. The connection is plain HTTP: the token and everything shown travel unencrypted.
!!! Stop it with Ctrl+C when you are done."""


def run_serve(args: argparse.Namespace, *, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    host: str = args.host
    if not is_loopback(host) and not args.allow_remote:
        print(
            f"maia-tui serve: {host} is not a loopback address. Listening there lets other machines reach "
            "the app, and through it this machine's keyring. Add --allow-remote if that is what you want.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if not 0 < args.port < 65536:
        print(f"maia-tui serve: --port must be between 1 and 65535, not {args.port}.", file=sys.stderr)
        return EXIT_USAGE
    try:
        from .token_server import TokenServer
    except ImportError:
        print(INSTALL_HINT, file=sys.stderr)
        return EXIT_OTHER
    problem = port_problem(host, args.port)
    if problem:
        print(f"maia-tui serve: {problem}", file=sys.stderr)
        return EXIT_OTHER

    token = secrets.token_urlsafe(TOKEN_BYTES)
    base = public_url(host, args.port)
    server = TokenServer(
        shlex.join(app_argv(args)), token=token, host=host, port=args.port, public_url=base, title="maia-tui"
    )

    def banner() -> None:
        if not is_loopback(host):
            print(REMOTE_WARNING.format(host=host), file=out)
        mode = " (demo: each tab has its own emulator)" if getattr(args, "demo", False) else ""
        print(f"maia-tui serve{mode}: each browser tab runs its own app. Open:", file=out)
        print(f"    {base}/?token={token}", file=out)
        print("Ctrl+C stops the server and every app it started.", file=out, flush=True)

    server.banner = banner
    server.serve()
    return EXIT_OK
