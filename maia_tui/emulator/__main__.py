"""`python -m maia_tui.emulator`: the emulator on its own, without the TUI."""

from .cli import main

raise SystemExit(main())
