"""Which endpoints, client id and secret to log in with: command line > environment > profile >
defaults (region eu1). The command line never carries a secret; the secret comes from
MAIA_CLIENT_SECRET or the profile's keyring entry.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from maia_tui.api.regions import Endpoints
from maia_tui.api.secret import Secret

from .config import Config, Profile
from .errors import KeyringUnavailable

if TYPE_CHECKING:  # the store imports keyring; resolving without secrets must not pay for it
    from .store import SecretStore

ENV_PROFILE = "MAIA_PROFILE"
ENV_CLIENT_ID = "MAIA_CLIENT_ID"
ENV_CLIENT_SECRET = "MAIA_CLIENT_SECRET"
ENV_REGION = "MAIA_REGION"
ENV_API_URL = "MAIA_API_URL"
ENV_TOKEN_URL = "MAIA_TOKEN_URL"
ENV_CA_BUNDLE = "MAIA_CA_BUNDLE"

COMMAND_LINE = "command line"
DEFAULT = "default"


@dataclass(frozen=True)
class CommandLine:
    """What the command line may say. There is deliberately no secret field."""

    profile: str | None = None
    region: str | None = None
    api_url: str | None = None
    token_url: str | None = None
    client_id: str | None = None
    ca_bundle: str | None = None


@dataclass(frozen=True)
class LoginSettings:
    endpoints: Endpoints
    client_id: str | None
    client_secret: Secret | None
    profile: str | None
    ca_bundle: str | None
    # Where each value came from ("command line", "environment (MAIA_REGION)", "profile 'x'", "default").
    sources: Mapping[str, str] = field(default_factory=dict)
    # Why no secret came from the keyring, when one was looked for there.
    secret_problem: str | None = None

    @property
    def complete(self) -> bool:
        return bool(self.client_id) and bool(self.client_secret)

    def missing(self) -> str | None:
        """None when ready to log in, else one sentence saying what to set."""
        if self.complete:
            return None
        wanted = []
        if not self.client_id:
            wanted.append(ENV_CLIENT_ID)
        if not self.client_secret:
            wanted.append(ENV_CLIENT_SECRET)
        text = f"No {' or '.join(w.removeprefix('MAIA_').lower().replace('_', ' ') for w in wanted)}"
        text += f": set {' and '.join(wanted)}, or use --profile NAME with a profile whose secret is stored"
        if self.secret_problem:
            text += f" ({self.secret_problem})"
        return text


@dataclass(frozen=True)
class _Layer:
    source: str
    values: Mapping[str, str | None]
    variables: Mapping[str, str] = field(default_factory=dict)  # key -> environment variable

    def get(self, key: str) -> str | None:
        return self.values.get(key) or None

    def source_of(self, key: str) -> str:
        variable = self.variables.get(key)
        return f"{self.source} ({variable})" if variable else self.source


def _env_layer(env: Mapping[str, str]) -> _Layer:
    names = {
        "region": ENV_REGION,
        "api_url": ENV_API_URL,
        "token_url": ENV_TOKEN_URL,
        "client_id": ENV_CLIENT_ID,
        "ca_bundle": ENV_CA_BUNDLE,
    }
    return _Layer("environment", {key: env.get(var, "").strip() for key, var in names.items()}, names)


def _profile_layer(profile: Profile) -> _Layer:
    values = {
        "client_id": profile.client_id,
        "ca_bundle": profile.ca_bundle,
        "token_url": profile.token_url,
    }
    if profile.api_url:
        values["api_url"] = profile.api_url
    else:
        values["region"] = profile.region
    return _Layer(f"profile {profile.name!r}", values)


def _first(layers: list[_Layer], key: str) -> tuple[str | None, str]:
    for layer in layers:
        value = layer.get(key)
        if value:
            return value, layer.source_of(key)
    return None, DEFAULT


def _endpoints(layers: list[_Layer], sources: dict[str, str]) -> Endpoints:
    # The first layer that says where the API is (region or custom URL) decides it as a whole,
    # so a profile's custom URL never mixes with a region given on the command line.
    where = next((i for i, layer in enumerate(layers) if layer.get("region") or layer.get("api_url")), len(layers))
    chosen = layers[where] if where < len(layers) else None
    region = chosen.get("region") if chosen else None
    api_url = chosen.get("api_url") if chosen else None
    # A token URL counts only from that layer or a stronger one; otherwise the region's default.
    token_url, token_source = _first(layers[: where + 1], "token_url")
    endpoints = Endpoints.resolve(region, api_url, token_url)
    if chosen is None:
        sources["endpoints"] = DEFAULT
    else:
        sources["endpoints"] = chosen.source_of("api_url" if api_url else "region")
    sources["token_url"] = token_source
    return endpoints


def _choose_profile(
    command_line: CommandLine, env: Mapping[str, str], config: Config
) -> tuple[Profile | None, str | None]:
    if command_line.profile:
        return config.get(command_line.profile), COMMAND_LINE
    if env.get(ENV_PROFILE, "").strip():
        return config.get(env[ENV_PROFILE].strip()), f"environment ({ENV_PROFILE})"
    # With no explicit choice and no client id in the environment, come back to the last profile.
    if not env.get(ENV_CLIENT_ID, "").strip() and config.last_profile:
        return config.profiles[config.last_profile], "last used profile"
    return None, None


def resolve_login(
    command_line: CommandLine | None = None,
    *,
    config: Config,
    env: Mapping[str, str] | None = None,
    secrets: SecretStore | None = None,
) -> LoginSettings:
    """Merge the layers. Pass `secrets` to read a profile's secret from the keyring (with its
    timeout); without it the secret comes from the environment only."""
    command_line = command_line or CommandLine()
    env = os.environ if env is None else env
    profile, profile_source = _choose_profile(command_line, env, config)

    cli_layer = _Layer(
        COMMAND_LINE,
        {
            "region": command_line.region,
            "api_url": command_line.api_url,
            "token_url": command_line.token_url,
            "client_id": command_line.client_id,
            "ca_bundle": command_line.ca_bundle,
        },
    )
    layers = [cli_layer, _env_layer(env)]
    if profile is not None:
        layers.append(_profile_layer(profile))

    sources: dict[str, str] = {}
    if profile_source:
        sources["profile"] = profile_source
    endpoints = _endpoints(layers, sources)
    client_id, sources["client_id"] = _first(layers, "client_id")
    ca_bundle, sources["ca_bundle"] = _first(layers, "ca_bundle")

    secret: Secret | None = None
    problem: str | None = None
    if env.get(ENV_CLIENT_SECRET):
        secret = Secret(env[ENV_CLIENT_SECRET])
        sources["client_secret"] = f"environment ({ENV_CLIENT_SECRET})"
    elif profile is not None:
        secret, problem = _profile_secret(profile, sources["client_id"], secrets)
        if secret is not None:
            sources["client_secret"] = f"keyring (profile {profile.name!r})"

    return LoginSettings(
        endpoints=endpoints,
        client_id=client_id,
        client_secret=secret,
        profile=profile.name if profile else None,
        ca_bundle=str(os.path.expanduser(ca_bundle)) if ca_bundle else None,
        sources=MappingProxyType(sources),
        secret_problem=problem,
    )


def _profile_secret(
    profile: Profile, client_id_source: str, secrets: SecretStore | None
) -> tuple[Secret | None, str | None]:
    if client_id_source != f"profile {profile.name!r}":
        # The stored secret belongs to the profile's client id, not to one given elsewhere.
        return None, f"the secret stored for profile {profile.name!r} belongs to its own client id"
    if not profile.secret_stored:
        return None, f"profile {profile.name!r} has no stored secret"
    if secrets is None:
        return None, None
    try:
        secret = secrets.load(profile.name)
    except KeyringUnavailable as error:
        return None, str(error)
    if secret is None:
        return None, f"the keyring has no secret for profile {profile.name!r}"
    return secret, None
