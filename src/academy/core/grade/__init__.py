"""Stage 3, grade: component scores, exam scoring and totals, in exact arithmetic."""
