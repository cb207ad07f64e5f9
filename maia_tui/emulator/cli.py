"""`maia-tui emulator`: serve the emulated Maia API until Ctrl+C, with a banner saying how to use it."""

from __future__ import annotations

import argparse
import shlex
import signal
import sys
import threading
from datetime import UTC, datetime
from typing import TextIO

from ..api.regions import is_loopback
from .config import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DENY_AREAS, RUN_OUTCOMES, Client, EmulatorConfig, check_areas
from .faults import FORBIDDEN_KINDS, MALFORMED_KINDS, Faults
from .server import Emulator

DEFAULT_PORT = 8765


def _share(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {text}")
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {text}")
    return value


def _instant(text: str) -> datetime:
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date-time such as 2026-06-01T09:00:00Z: {text}") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _positive(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be > 0, got {text}")
    return value


def _areas(text: str) -> frozenset[str]:
    try:
        return check_areas(a.strip() for a in text.split(",") if a.strip())
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _client(text: str) -> Client:
    try:
        return Client.parse(text)
    except ValueError as error:
        # Never echo the value: it holds a secret (an emulator's, but the habit matters).
        raise argparse.ArgumentTypeError(f"{error}: use ID:SECRET or ID:SECRET:deny=AREA,AREA") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument(
        "--port",
        type=_non_negative_int,
        default=DEFAULT_PORT,
        help=f"port to listen on, 0 for any free port (default: {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--allow-remote", action="store_true", help="allow a non-loopback --host (anyone who can reach it gets tokens)"
    )
    parser.add_argument(
        "--projects", type=_non_negative_int, default=140, help="number of sample projects (default: 140)"
    )
    parser.add_argument("--seed", type=int, default=7, help="seed of the sample data (default: 7)")
    parser.add_argument(
        "--token-lifetime",
        type=float,
        default=1800.0,
        metavar="S",
        help="access token lifetime in seconds (default: 1800)",
    )
    parser.add_argument(
        "--hostile-names", action="store_true", help="put terminal escapes and markup in some project names (hardening)"
    )
    account = parser.add_argument_group("the account's clock and runs")
    account.add_argument(
        "--frozen-at",
        type=_instant,
        metavar="ISO8601",
        help="freeze the account's clock at this instant (byte-identical answers across restarts)",
    )
    account.add_argument(
        "--runs-per-day",
        type=_positive,
        default=12.0,
        metavar="N",
        help="ad-hoc runs per project per day, besides scheduled ones (default: 12)",
    )
    account.add_argument(
        "--run-seconds",
        type=_positive,
        default=20.0,
        metavar="S",
        help="a run started through the API finishes after this many seconds (default: 20)",
    )
    account.add_argument(
        "--run-outcome",
        choices=RUN_OUTCOMES,
        default="SUCCESS",
        help="how runs started through the API end (default: SUCCESS)",
    )
    account.add_argument(
        "--deny",
        type=_areas,
        default=frozenset(),
        metavar="AREAS",
        help=f"answer these areas 403 as for a credential without the permission: {','.join(DENY_AREAS)}",
    )
    account.add_argument(
        "--client",
        dest="clients",
        type=_client,
        action="append",
        default=[],
        metavar="ID:SECRET[:deny=AREA,AREA]",
        help=f"a credential set the token endpoint accepts, with the areas its tokens are refused (repeatable; "
        f"default: {DEMO_CLIENT_ID}). Areas as for --deny",
    )
    faults = parser.add_argument_group("faults (all off by default)")
    faults.add_argument("--latency-ms", type=float, default=0.0, help="delay added to every API request")
    faults.add_argument("--rate-limit-share", type=_share, default=0.0, help="share of API requests answered 429")
    faults.add_argument("--retry-after", type=int, default=1, help="Retry-After seconds sent with 429 (default: 1)")
    faults.add_argument("--server-error-share", type=_share, default=0.0, help="share of API requests answered 503")
    faults.add_argument("--drop-share", type=_share, default=0.0, help="share of API requests whose connection drops")
    faults.add_argument("--malformed", choices=MALFORMED_KINDS, help="answer API requests with a malformed body")
    faults.add_argument("--forbidden", choices=FORBIDDEN_KINDS, help="answer API requests 403 (missing role or IP)")
    faults.add_argument("--wrong-region", action="store_true", help="answer API requests 404 as a wrong region does")
    faults.add_argument(
        "--token-endpoint-faults",
        action="store_true",
        help="apply latency, server errors and drops to the token endpoint too",
    )
    parser.add_argument("--ssl-certfile", help="serve HTTPS with this certificate (PEM)")
    parser.add_argument("--ssl-keyfile", help="private key for --ssl-certfile")


def config_from(args: argparse.Namespace) -> EmulatorConfig:
    faults = Faults(
        latency_ms=args.latency_ms,
        rate_limit_share=args.rate_limit_share,
        retry_after=args.retry_after,
        server_error_share=args.server_error_share,
        drop_share=args.drop_share,
        malformed=args.malformed,
        forbidden=args.forbidden,
        wrong_region=args.wrong_region,
        token_endpoint_faults=args.token_endpoint_faults,
    )
    clients = args.clients or [Client(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET)]
    return EmulatorConfig.with_clients(
        clients,
        projects=args.projects,
        seed=args.seed,
        token_lifetime=args.token_lifetime,
        hostile_names=args.hostile_names,
        faults=faults,
        frozen_at=args.frozen_at,
        runs_per_project_per_day=args.runs_per_day,
        run_seconds=args.run_seconds,
        run_outcome=args.run_outcome,
        deny=args.deny,
    )


def banner(emu: Emulator) -> str:
    client_id, secret = next(iter(emu.config.clients.items()))
    token_curl = " ".join(
        [
            "curl -s -X POST",
            shlex.quote(emu.token_url),
            "-H 'Content-Type: application/x-www-form-urlencoded'",
            "--data-urlencode grant_type=client_credentials",
            f"--data-urlencode {shlex.quote('client_id=' + client_id)}",
            f"--data-urlencode {shlex.quote('client_secret=' + secret)}",
            "--data-urlencode audience=https://api.matillion.com",
        ]
    )
    extract = "python3 -c 'import json,sys; print(json.load(sys.stdin)[\"access_token\"])'"
    projects_url = shlex.quote(emu.api_base + "/v1/projects?page=0&size=25")
    projects = f'curl -s -H "Authorization: Bearer $TOKEN" {projects_url}'
    return "\n".join(
        [
            "Maia API emulator: sample data, not the real service.",
            f"  API base URL:  {emu.api_base}",
            f"  Token URL:     {emu.token_url}",
            *_client_lines(emu.config),
            f"  Projects:      {emu.config.projects:,} (seed {emu.config.seed})",
            f"  Clock:         {_clock_line(emu)}",
            "",
            "Point maia-tui's commands at it (in another shell):",
            *(f"  export {name}={shlex.quote(value)}" for name, value in emu.client_environment().items()),
            "  maia-tui check --probe",
            "",
            "Get a token and list projects:",
            f"  TOKEN=$({token_curl} | {extract})",
            f"  {projects}",
            "",
            "Press Ctrl+C to stop.",
        ]
    )


def _client_lines(config: EmulatorConfig) -> list[str]:
    if list(config.clients.items()) == [(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET)]:
        return [
            f"  Client id:     {DEMO_CLIENT_ID}",
            f"  Client secret: {DEMO_CLIENT_SECRET}   (a demo value, not a real secret)",
        ]
    # Secrets given with --client came from this command line: shown back as given.
    lines = ["  Clients:       (id, secret, areas refused to its tokens)"]
    for client_id, secret in config.clients.items():
        refused = sorted(config.client_deny.get(client_id, ()))
        lines.append(f"    {client_id}  {secret}  {','.join(refused) if refused else '-'}")
    return lines


def _clock_line(emu: Emulator) -> str:
    if emu.config.frozen_at is not None:
        return f"frozen at {emu.clock.now().isoformat().replace('+00:00', 'Z')}"
    return "wall time (runs start, progress and finish live)"


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    if not is_loopback(args.host) and not args.allow_remote:
        print(
            f"Refusing to listen on {args.host}: the emulator hands out tokens to anyone who asks. "
            "Use a loopback address, or pass --allow-remote if you really mean it.",
            file=sys.stderr,
        )
        return 2
    if bool(args.ssl_certfile) != bool(args.ssl_keyfile):
        print("--ssl-certfile and --ssl-keyfile go together.", file=sys.stderr)
        return 2
    emu = Emulator(config_from(args), args.host, args.port, args.ssl_certfile, args.ssl_keyfile)
    try:
        emu.start()
    except OSError as exc:
        print(f"Cannot listen on {args.host}:{args.port}: {exc.strerror or exc}. Try another --port.", file=sys.stderr)
        return 1
    except RuntimeError as exc:
        print(f"The emulator did not start: {exc.__cause__ or exc}", file=sys.stderr)
        return 1
    if not is_loopback(args.host) and not args.ssl_certfile:
        print("Warning: serving plain HTTP on a non-loopback address.", file=sys.stderr)
    stopped = threading.Event()
    # Ctrl+C and SIGTERM both end the wait, handled before the banner invites them. SIGINT is
    # handled explicitly: a process started in the background by a shell (`cmd &`) inherits it
    # ignored, and Python then never raises KeyboardInterrupt, so `kill -INT` would do nothing.
    previous = {sig: signal.signal(sig, lambda *_: stopped.set()) for sig in STOP_SIGNALS} if _main_thread() else {}
    try:
        print(banner(emu), file=out, flush=True)
        while not stopped.wait(0.5):
            pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        emu.stop()
    print("Emulator stopped.", file=out, flush=True)
    return 0


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="maia-tui emulator", description=__doc__)
    add_arguments(parser)
    return run(parser.parse_args(argv))
