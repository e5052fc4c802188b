"""The evaluation files (docs/guide/evaluation.md), read and checked into an
``Evaluation``: needs surveys and their responses, session feedback, attendance records,
the quarterly service metrics and the training targets.

Files live under ``evaluation/`` (never under ``rosters/``). The reports made from them
are ``academy.core.evaluation``'s.
"""
