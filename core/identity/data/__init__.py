"""Data shipped with the identity app: the demo organisation tree."""
