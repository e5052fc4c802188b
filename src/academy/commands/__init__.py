"""The entry layer: one module per subcommand, arguments in, exit code out."""
