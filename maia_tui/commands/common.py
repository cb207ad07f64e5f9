"""What every subcommand shares: the connection flags (one parent parser), credentials from the
command line and environment (never argv for a secret), the client, and one table of exit codes."""

from __future__ import annotations

import argparse
import re

from ..api.errors import CredentialsRefused, Forbidden, MaiaError, NetworkError, NotFound, RequestTimeout, TLSError
from ..credentials.config import config_path, load_config
from ..credentials.errors import ConfigError, MissingCredentials
from ..credentials.profiles import secret_store_for
from ..credentials.resolve import CommandLine, LoginSettings, resolve_login
from ..services.credential_check import DEFAULT_TIMEOUT, client_for

__all__ = ["DEFAULT_TIMEOUT", "client_for"]  # shared by every subcommand, defined with the check

EXIT_OK = 0
EXIT_OTHER = 1
EXIT_REFUSED = 2
EXIT_NETWORK = 3
EXIT_API_REFUSED = 4


def classify(error: BaseException) -> tuple[int, str]:
    """(exit code, error kind) for a failed check."""
    if isinstance(error, CredentialsRefused):
        return EXIT_REFUSED, "credentials_refused"
    if isinstance(error, TLSError):
        return EXIT_NETWORK, "tls"
    if isinstance(error, RequestTimeout):
        return EXIT_NETWORK, "timeout"
    if isinstance(error, NetworkError):
        return EXIT_NETWORK, "network"
    if isinstance(error, Forbidden):
        return EXIT_API_REFUSED, "forbidden"
    if isinstance(error, NotFound):
        return EXIT_API_REFUSED, "not_found"
    if isinstance(error, MissingCredentials):
        return EXIT_OTHER, "missing_credentials"
    if isinstance(error, ConfigError):
        return EXIT_OTHER, "config"
    if isinstance(error, MaiaError):
        return EXIT_OTHER, _snake(type(error).__name__)
    return EXIT_OTHER, "invalid_settings"


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def command_line(args: argparse.Namespace) -> CommandLine:
    # No client id or secret on the command line: `ps` would show it to every user.
    return CommandLine(
        profile=getattr(args, "profile", None),
        region=getattr(args, "region", None),
        api_url=getattr(args, "api_url", None),
        token_url=getattr(args, "token_url", None),
        ca_bundle=getattr(args, "ca_bundle", None),
    )


def login_from_args(args: argparse.Namespace, env: dict[str, str] | None = None) -> LoginSettings:
    """Credentials for a subcommand: profile (secret from the keyring) or environment, never argv."""
    path = config_path(env)
    config = load_config(path)
    store = secret_store_for(config, path)
    return resolve_login(command_line(args), config=config, env=env, secrets=store)
