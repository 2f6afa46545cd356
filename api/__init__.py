"""The server: the app factory (composition root), the CLI and the JSON API under /api/v1."""
