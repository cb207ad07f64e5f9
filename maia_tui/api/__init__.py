"""The async Maia API client. Never imports Textual; import from the submodules."""
