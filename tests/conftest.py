"""Every fixture and helper the tests share lives in tests/support (see its __init__); this loads
its fixtures for the whole suite. A folder's conftest only chooses: which emulator its tests get
(tests/ui, tests/scripts) and which guards run for each of its tests (tests/api, tests/hardening)."""

import pytest

pytest.register_assert_rewrite("tests.support")

pytest_plugins = [
    "tests.support.app",
    "tests.support.clients",
    "tests.support.clocks",
    "tests.support.emulators",
    "tests.support.isolation",
    "tests.support.leaks",
    "tests.support.live",
    "tests.support.notices",
    "tests.support.properties",
]
