from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_secret_in_logs(no_secret_in_logs):  # type: ignore[no-untyped-def]
    """Every test here runs with DEBUG logging, and no record may hold the secret or a token."""
    yield
