"""Certificate pages, registry, lookup and credentials (see ``academy.site.certificates``)."""
