"""The installable shell: manifest, service worker, icons, offline page and client script.

Its files arrive with the PWA issue; until then the package holds only this note, so that the
dependency rule can already be checked for it.
"""
