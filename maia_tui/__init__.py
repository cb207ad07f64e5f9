"""maia-tui: a terminal UI for the Maia API."""

__version__ = "0.1.0"
