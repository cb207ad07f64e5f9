"""Pipelines picked from the emulator's sample account (the fixture data, read directly, never
through the code under test): runnable, disabled, or two sharing a short name."""

from __future__ import annotations

from collections import defaultdict

from maia_tui.emulator import Emulator


def a_pipeline(emulator: Emulator, *, unique_short_name: bool = False) -> tuple[str, str, str, str]:
    """(project id, project name, environment, full pipeline name) of a runnable pipeline,
    read from the emulator's account (the fixture data)."""
    account = emulator.state.account
    for i in range(account.project_count):
        for environment in account.environment_names(i):
            published = account.published_names(i, environment) or ()
            shorts = [short(name) for name in published]
            for name in published:
                if account.pipeline_disabled(name) or (unique_short_name and shorts.count(short(name)) > 1):
                    continue
                project = account.project(i)
                return project["id"], project["name"], environment, name
    raise AssertionError("no runnable pipeline in the sample account")


def short(name: str) -> str:
    return name.rsplit("/", 1)[-1].split(".")[0]


def twin_pipelines(emulator: Emulator) -> tuple[str, str, str, list[str]]:
    """A project, an environment and a short name that two published pipelines share, read
    from the emulator's own account (the fixture data, not the code under test)."""
    account = emulator.state.account
    for i in range(account.project_count):
        for environment in account.environment_names(i):
            by_short: dict[str, list[str]] = defaultdict(list)
            for name in account.published_names(i, environment) or ():
                by_short[name.rsplit("/", 1)[-1].split(".")[0]].append(name)
            for short, names in by_short.items():
                if len(names) > 1:
                    return account.project(i)["name"], environment, short, sorted(names)
    raise AssertionError("the sample account has no two pipelines sharing a short name")


def disabled_pipeline(emulator) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    """A published pipeline the account has disabled (the fixture data: its name says so)."""
    account = emulator.state.account
    for i in range(account.project_count):
        for environment in account.environment_names(i):
            for name in account.published_names(i, environment) or ():
                if account.pipeline_disabled(name):
                    return account.project(i)["id"], environment, name
    raise AssertionError("no disabled pipeline in the sample account")
