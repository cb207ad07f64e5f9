"""Every fixture and helper the tests share lives in tests/support (see its __init__); this loads
its fixtures for the whole suite. A folder's conftest only chooses: which emulator its tests get
(tests/ui, tests/scripts) and which guards run for each of its tests (tests/api, tests/hardening)."""

import os

import pytest

pytest.register_assert_rewrite("tests.support")

pytest_plugins = [
    "tests.support.app",
    "tests.support.clients",
    "tests.support.clocks",
    "tests.support.emulators",
    "tests.support.garbage",
    "tests.support.isolation",
    "tests.support.leaks",
    "tests.support.live",
    "tests.support.notices",
    "tests.support.properties",
]
if os.environ.get("MAIA_CPU"):  # where the CPU goes, ranked at the end (tests/support/cpu.py)
    pytest_plugins.append("tests.support.cpu")
