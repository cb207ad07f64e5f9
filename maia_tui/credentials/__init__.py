"""Profiles (config file) and secrets (OS keyring). Never imports Textual."""
