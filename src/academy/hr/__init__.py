"""HR rules and lists (§7.3, §8.5): what results decide, and the export's files."""
