"""The `maia-tui` subcommands: the argparse tree (main.py), one module per subcommand, and the
shared pieces (common.py): credentials from the command line, client options, exit codes."""
