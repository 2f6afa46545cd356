"""Bundled reference data for dossiers (read through importlib.resources)."""
