"""The `live` fixture is in tests/support/live.py."""
