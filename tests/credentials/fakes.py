"""compat: moved to tests/support (keyrings); import from tests.support instead. This goes once
the branches started before tests/support are merged."""

from tests.support import *  # noqa: F403
