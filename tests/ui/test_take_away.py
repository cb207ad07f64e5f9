"""Names of files handed to a person: from server words (ids, names) and from what was typed."""

from __future__ import annotations

from maia_tui.ui.take_away import download_name, file_name


def test_a_file_name_from_server_words_cannot_leave_its_folder_or_drive_a_terminal() -> None:
    name = file_name("maia", "projects", "../../etc/passwd\x1b[2J\u202egpj.exe", suffix=".json")
    assert name == "maia-projects-..-..-etc-passwd-2J-gpj.exe.json"
    assert "/" not in name and "\x1b" not in name and "\u202e" not in name
    assert file_name("maia-execution", "8f1c2d3e-aa", suffix=".json") == "maia-execution-8f1c2d3e-aa.json"
    assert file_name("///", suffix=".svg") == "maia-tui.svg"


def test_a_download_keeps_only_the_last_part_of_what_was_typed() -> None:
    assert download_name("/srv/exports/../maia-runs-ops.csv") == "maia-runs-ops.csv"
    assert download_name("  maia-agents.json ") == "maia-agents.json"
    assert download_name("   ") == "maia-tui-download.txt"
