"""Statistics over graded results: cohorts, exam items, weak items."""
