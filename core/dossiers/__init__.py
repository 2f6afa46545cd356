"""Dossiers (hồ sơ): submission, drafts, receipt, tracking and the citizen's own actions."""
