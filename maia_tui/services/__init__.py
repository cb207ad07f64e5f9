"""Work that is neither API nor UI, shared by the app and the commands: export, the project
search index, following and finding a run. Never imports Textual."""
