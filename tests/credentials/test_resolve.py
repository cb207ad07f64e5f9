from __future__ import annotations

import pytest

from maia_tui.api.regions import REGIONS, TOKEN_URL
from maia_tui.api.secret import Secret
from maia_tui.credentials.config import Config, Profile
from maia_tui.credentials.errors import ProfileNotFound
from maia_tui.credentials.resolve import CommandLine, resolve_login
from maia_tui.credentials.store import SecretStore
from tests.support import HangingKeyring, MemoryKeyring

PROFILE = Profile(name="prod", client_id="id-from-profile", region="us1", ca_bundle="/p/ca.pem", secret_stored=True)
CUSTOM = Profile(
    name="private",
    client_id="id-private",
    api_url="https://maia.internal/dpc",
    token_url="https://id.internal/token",
    secret_stored=True,
)
CONFIG = Config().with_profile(PROFILE).with_profile(CUSTOM, make_last=False)


@pytest.fixture
def store(memory_keyring: MemoryKeyring) -> SecretStore:
    store = SecretStore()
    store.save("prod", Secret("secret-from-keyring"))
    store.save("private", Secret("private-secret"))
    return store


def test_defaults_alone_give_eu1_and_say_what_is_missing() -> None:
    login = resolve_login(config=Config(), env={})
    assert login.endpoints.api_base == REGIONS["eu1"]
    assert login.endpoints.token_url == TOKEN_URL
    assert login.sources["endpoints"] == "default"
    assert login.client_id is None and login.client_secret is None
    assert login.missing() is not None and "MAIA_CLIENT_ID and MAIA_CLIENT_SECRET" in login.missing()


def test_profile_supplies_everything_including_the_keyring_secret(store: SecretStore) -> None:
    login = resolve_login(CommandLine(profile="prod"), config=CONFIG, env={}, secrets=store)
    assert login.endpoints.api_base == REGIONS["us1"]
    assert login.client_id == "id-from-profile"
    assert login.client_secret == Secret("secret-from-keyring")
    assert login.ca_bundle == "/p/ca.pem"
    assert login.profile == "prod"
    assert login.sources["client_secret"] == "keyring (profile 'prod')"
    assert login.missing() is None


def test_environment_beats_profile(store: SecretStore) -> None:
    env = {
        "MAIA_REGION": "eu1",
        "MAIA_CLIENT_SECRET": "secret-from-env",
        "MAIA_CA_BUNDLE": "/env/ca.pem",
    }
    login = resolve_login(CommandLine(profile="prod"), config=CONFIG, env=env, secrets=store)
    assert login.endpoints.region == "eu1"
    assert login.sources["endpoints"] == "environment (MAIA_REGION)"
    assert login.client_id == "id-from-profile"  # the environment did not set one
    assert login.client_secret == Secret("secret-from-env")
    assert login.ca_bundle == "/env/ca.pem"


def test_command_line_beats_environment() -> None:
    env = {"MAIA_REGION": "eu1", "MAIA_CLIENT_ID": "id-env", "MAIA_CA_BUNDLE": "/env/ca.pem"}
    login = resolve_login(
        CommandLine(region="us1", client_id="id-cli", ca_bundle="/cli/ca.pem"), config=Config(), env=env
    )
    assert login.endpoints.region == "us1"
    assert login.client_id == "id-cli"
    assert login.ca_bundle == "/cli/ca.pem"
    assert {login.sources[k] for k in ("endpoints", "client_id", "ca_bundle")} == {"command line"}


def test_a_region_from_a_stronger_layer_replaces_a_profiles_custom_urls(store: SecretStore) -> None:
    login = resolve_login(CommandLine(profile="private", region="us1"), config=CONFIG, env={}, secrets=store)
    assert login.endpoints.api_base == REGIONS["us1"]
    assert login.endpoints.token_url == TOKEN_URL  # not the profile's private token URL


def test_custom_urls_from_the_environment(store: SecretStore) -> None:
    env = {"MAIA_API_URL": "http://127.0.0.1:9/dpc/", "MAIA_TOKEN_URL": "http://127.0.0.1:9/token"}
    login = resolve_login(CommandLine(profile="prod"), config=CONFIG, env=env, secrets=store)
    assert login.endpoints.api_base == "http://127.0.0.1:9/dpc"
    assert login.endpoints.token_url == "http://127.0.0.1:9/token"
    assert login.endpoints.region == "custom"


def test_a_token_url_alone_overrides_only_the_token_url(store: SecretStore) -> None:
    env = {"MAIA_TOKEN_URL": "https://proxy.example/token"}
    login = resolve_login(CommandLine(profile="prod"), config=CONFIG, env=env, secrets=store)
    assert login.endpoints.api_base == REGIONS["us1"]
    assert login.endpoints.token_url == "https://proxy.example/token"


def test_the_stored_secret_is_not_paired_with_another_client_id(store: SecretStore) -> None:
    login = resolve_login(
        CommandLine(profile="prod"), config=CONFIG, env={"MAIA_CLIENT_ID": "someone-else"}, secrets=store
    )
    assert login.client_id == "someone-else"
    assert login.client_secret is None
    assert "belongs to its own client id" in (login.missing() or "")


def test_last_profile_is_used_when_nothing_else_says_who(store: SecretStore) -> None:
    login = resolve_login(config=CONFIG, env={}, secrets=store)
    assert login.profile == "prod"
    assert login.sources["profile"] == "last used profile"
    with_env_id = resolve_login(config=CONFIG, env={"MAIA_CLIENT_ID": "x"}, secrets=store)
    assert with_env_id.profile is None


def test_maia_profile_selects_a_profile(store: SecretStore) -> None:
    login = resolve_login(config=CONFIG, env={"MAIA_PROFILE": "private"}, secrets=store)
    assert login.profile == "private" and login.client_secret == Secret("private-secret")


def test_an_unknown_profile_is_an_error() -> None:
    with pytest.raises(ProfileNotFound, match="No profile named 'nope'"):
        resolve_login(CommandLine(profile="nope"), config=CONFIG, env={})


def test_without_a_store_the_keyring_is_not_read(memory_keyring: MemoryKeyring) -> None:
    login = resolve_login(CommandLine(profile="prod"), config=CONFIG, env={})
    assert login.client_secret is None
    assert memory_keyring.calls == []


def test_a_profile_without_a_stored_secret_does_not_ask_the_keyring(memory_keyring: MemoryKeyring) -> None:
    config = Config().with_profile(Profile(name="bare", client_id="x"))
    login = resolve_login(CommandLine(profile="bare"), config=config, env={}, secrets=SecretStore())
    assert memory_keyring.calls == []
    assert "has no stored secret" in (login.missing() or "")


def test_a_hanging_keyring_becomes_a_reason_not_a_hang() -> None:
    backend = HangingKeyring()
    try:
        login = resolve_login(
            CommandLine(profile="prod"), config=CONFIG, env={}, secrets=SecretStore(backend, timeout=0.1)
        )
        assert login.client_secret is None
        assert "did not answer within 0.1 s" in (login.missing() or "")
    finally:
        backend.release.set()
