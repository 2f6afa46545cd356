"""Interface text per area, merged into `web.i18n.MESSAGES` (a key may be defined only once)."""
