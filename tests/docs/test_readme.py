"""The README stays a page a newcomer reads in five minutes (issue #27): at most 150 lines, the
two set-up commands as they are, ten first keys the app really binds, links that lead somewhere."""

from __future__ import annotations

import re

from maia_tui.ui.app import MaiaApp
from maia_tui.ui.key_reference import key_entries
from tests.docs.site import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
PALETTE = "ctrl+p"  # Textual's command palette: the app's, not a binding of ours


def test_the_readme_is_short_and_holds_the_two_set_up_commands():
    assert len(README.splitlines()) <= 150
    assert "```sh\npip install . && maia-tui --demo\n```" in README
    assert '```sh\npip install -e ".[test]" && python -m pytest\n```' in README


def test_the_first_ten_keys_of_the_readme_are_bound_as_it_says():
    table = README.split("## The first ten keys", 1)[1].split("\n\n", 2)[1]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert len(rows) == 10
    bound = {label.lower() for entry in key_entries(MaiaApp) for label in entry.label.split()}
    for row in rows:
        for key in re.findall(r"`([^`]+)`", row.split("|")[1]):
            assert key == PALETTE or key.lower() in bound, f"the README names {key!r}, which nothing binds"


def test_every_link_of_the_readme_leads_to_a_file_of_the_repository():
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README)
    local = [link for link in links if "://" not in link]
    assert any(link.startswith("docs/") for link in local)
    for link in local:
        assert (ROOT / link).exists(), f"the README links to {link}, which does not exist"
