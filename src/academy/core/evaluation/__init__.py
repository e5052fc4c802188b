"""Training evaluation (issue 12 §5–6): needs surveys, session feedback, and their reports.

Files live under ``evaluation/`` (never under ``rosters/``):
``evaluation/needs/<survey>.yaml`` and ``evaluation/feedback/<feedback>.yaml``.
Answers are anonymous; the site shows aggregates over at least 5 responses only.
"""
