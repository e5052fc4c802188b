"""Assessment cycles (docs/guide/cycles.md): month → quarter → year roll-ups and what they decide.

Modules, one stage each:

- ``rules``: the typed rules a program declares (``cycles``, ``scoring.sources``), with
  the defaults of §8; no imports from the rest of the package, so ``model`` can use them;
- ``config``: reads those rules from a valid program document, with problems;
- ``sources``: the monthly score from four sources (rubric, customer, supervisor, exam);
- ``checks``: cross-file checks (two results in one month, ``teaches`` references);
- ``rollup``: month results, quarter and year totals, bands (pure functions);
- ``lists``: the export lists (``cycles``, ``promotion_candidates``, ``improvement_plans``)
  and their spreadsheet columns.
"""
