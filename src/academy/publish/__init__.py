"""Stage 5, publish: ``academy build`` and ``academy serve`` (MkDocs, with the site's pages)."""
