"""Exam papers as tools: drawing from the bank, printing, Moodle exchange."""
