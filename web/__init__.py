"""Server-rendered pages (Jinja + htmx): the citizen's catalog, later dossiers, officers, stats."""
