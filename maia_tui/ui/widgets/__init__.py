"""Widgets shared by screens: the status bar, the project table, the inline error panel."""
