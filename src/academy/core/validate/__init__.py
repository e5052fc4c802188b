"""Stage 2, validate: schemas first, then the rules no schema can express."""
