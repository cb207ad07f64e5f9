"""A local, faithful Maia API: a real HTTP server on loopback. Never imports the UI."""
