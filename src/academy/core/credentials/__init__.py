"""Open Badges 3.0 credentials: the document, the keys, whom a verifier trusts, and the offline check."""
