"""Stage 1, load: find the repository's input files and parse them with positions."""
