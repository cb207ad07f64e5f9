"""The documentation site, built once per session as CI builds it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.docs.site import ROOT, build_site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    build_site(ROOT, out)
    return out
