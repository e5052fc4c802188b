"""Edits to the repository's own files: import from spreadsheets, forget a leaver."""
