"""`maia-tui profiles`: list the saved profiles (the config file alone, never a secret), `add` one
from the command line, or `remove` one with its secret.

`add` reads the secret from standard input (a hidden prompt on a terminal, one line from a pipe;
never argv, never the environment) straight into a `Secret`, checks it with a token exchange
unless `--no-verify`, and only then stores it: the secret in the keyring, the profile in
config.toml. A refused secret is not kept (exit 2; 3 when the token endpoint cannot be reached).
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import os
import sys
from typing import Any, TextIO

from ..api.errors import MaiaError
from ..api.secret import Secret
from ..credentials.config import Profile, check_profile_name, config_path, load_config
from ..credentials.errors import ConfigError
from ..credentials.listing import profile_rows, profiles_table
from ..credentials.profiles import remember_profile, remove_profile, secret_store_for
from .common import DEFAULT_TIMEOUT, EXIT_OK, EXIT_OTHER, classify


def add_profiles_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    add = actions.add_parser(
        "add",
        help="save a profile; its secret is read from standard input and checked first",
        description="Save a profile. The client secret is read from standard input (a hidden prompt on a "
        "terminal, one line from a pipe), checked by a token exchange, then stored in the OS keyring; the "
        "profile goes to config.toml. Exit codes: 0 saved, 1 anything else, 2 secret refused (not saved), "
        "3 network or TLS problem (not saved).",
    )
    add.add_argument("name", metavar="NAME", help="the profile's name (letters, digits, '.', '_', '-')")
    add.add_argument("--client-id", required=True, metavar="ID", help="the API credential's client id")
    where = add.add_mutually_exclusive_group(required=True)
    where.add_argument("--region", choices=["eu1", "us1"], help="the account's region")
    where.add_argument("--api-url", metavar="URL", help="a custom API base URL, e.g. https://host/dpc")
    add.add_argument("--token-url", metavar="URL", help="the OAuth token URL (needed with --api-url)")
    add.add_argument("--ca-bundle", metavar="PATH", help="a PEM file of CA certificates to trust")
    add.add_argument("--allow-writes", action="store_true", help="allow runs and cancels while this profile is used")
    add.add_argument("--no-verify", action="store_true", help="store the secret without checking it first")
    add.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"network timeout of the check (default {DEFAULT_TIMEOUT:g})",
    )
    remove = actions.add_parser("remove", help="delete a profile and its secret in the keyring")
    remove.add_argument("name", metavar="NAME", help="the profile to delete")


def run_profiles(
    args: argparse.Namespace,
    *,
    env: dict[str, str] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    stdin: TextIO | None = None,
    **client_options: Any,
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    action = getattr(args, "action", None)
    try:
        if action == "add":
            return add_profile(args, env=env, out=out, err=err, stdin=stdin or sys.stdin, **client_options)
        if action == "remove":
            return remove(args.name, env=env, out=out)
    except (MaiaError, ValueError) as error:
        code, _ = classify(error)
        print(f"✗ {error}", file=err)
        return code
    return list_profiles(args, env=env, out=out)


def list_profiles(args: argparse.Namespace, *, env: dict[str, str] | None, out: TextIO) -> int:
    """From the config file alone: no keyring call, so no prompt and no secret read."""
    path = config_path(env)
    try:
        config = load_config(path)
    except ConfigError as error:
        if getattr(args, "json", False):
            print(json.dumps({"ok": False, "error": {"kind": "config", "message": str(error)}}), file=out)
        else:
            print(f"✗ {error}", file=sys.stderr)
        return EXIT_OTHER
    rows = profile_rows(config)
    if getattr(args, "json", False):
        document = {"config_path": str(path), "profiles": [row.to_json() for row in rows]}
        print(json.dumps(document), file=out)
    else:
        print(profiles_table(rows, path), file=out)
    return EXIT_OK


def read_secret(name: str, stdin: TextIO) -> Secret:
    """A hidden prompt on a terminal, else one line; straight into a Secret."""
    try:
        if stdin.isatty():
            return Secret(getpass.getpass(f"Client secret for profile {name!r} (not shown): "))
        return Secret(stdin.readline().rstrip("\r\n"))
    except (EOFError, KeyboardInterrupt):
        return Secret("")


def add_profile(
    args: argparse.Namespace,
    *,
    env: dict[str, str] | None,
    out: TextIO,
    err: TextIO,
    stdin: TextIO,
    **client_options: Any,
) -> int:
    name = check_profile_name(args.name)
    if args.api_url and not args.token_url:
        raise ConfigError("--api-url needs --token-url too", hint="Give the token URL of that deployment")
    profile = Profile(
        name=name,
        client_id=args.client_id,
        region=args.region,
        api_url=args.api_url,
        token_url=args.token_url,
        ca_bundle=args.ca_bundle,
        allow_writes=args.allow_writes,
    )
    profile.endpoints.check_secure()  # plain http only to loopback: refused before the secret is read
    path = config_path(env)
    config = load_config(path)
    store = secret_store_for(config, path)
    usable, reason = store.availability()
    if not usable:  # said before the secret is typed, not after
        raise ConfigError(f"Nowhere to keep the secret: {reason}")
    secret = read_secret(name, stdin)
    if not secret:
        raise ConfigError("No secret was given on standard input", hint="Type it at the prompt, or pipe one line")
    if not args.no_verify:
        try:
            asyncio.run(_verify(profile, secret, timeout=args.timeout, **client_options))
        except MaiaError as error:
            code, _ = classify(error)
            print(f"✗ Profile {name!r} not saved: {error}", file=err)
            return code
    replaced = name in config.profiles
    saved = remember_profile(profile, secret, store, path, make_last=False)
    checked = "not checked (--no-verify)" if args.no_verify else "checked by a token exchange"
    print(
        f"✓ {'Replaced' if replaced else 'Saved'} profile {name!r} ({saved.endpoints.label}, client id "
        f"{saved.client_id}); its secret, {checked}, is in the keyring, the profile in {path}.",
        file=out,
    )
    return EXIT_OK


async def _verify(profile: Profile, secret: Secret, *, timeout: float, **client_options: Any) -> None:
    """One token exchange; raises CredentialsRefused, NetworkError, ... when it fails."""
    from ..api.client import MaiaClient

    options = {"timeout": timeout, **client_options}
    ca_bundle = os.path.expanduser(profile.ca_bundle) if profile.ca_bundle else None
    async with MaiaClient(profile.endpoints, profile.client_id, secret, ca_bundle=ca_bundle, **options) as client:
        await client.login()
        await client.logout()


def remove(name: str, *, env: dict[str, str] | None, out: TextIO) -> int:
    path = config_path(env)
    config = load_config(path)
    deleted = remove_profile(name, secret_store_for(config, path), path)
    what = "and its secret from the keyring" if deleted else "(no secret was stored in the keyring)"
    print(f"✓ Removed profile {name!r} from {path} {what}.", file=out)
    return EXIT_OK
