"""Stage 4, certify: numbering, the status rule, the ledger and the renewal log, and certificates as they stood on a day."""
