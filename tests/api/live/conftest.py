"""The `live` fixture is in tests/support/live.py."""

# compat: names that branches started before tests/support import from here; import them from
# tests.support instead (this goes once those branches are merged).
from tests.support import RUN_SECONDS, Live  # noqa: F401
