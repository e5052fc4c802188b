"""Everything that turns an ``Outcome`` into the portal (generated pages, static files)."""
