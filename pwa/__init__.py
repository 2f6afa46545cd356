"""The installable shell: manifest, service worker, icons, offline page and client script.

`pwa.routes` serves /manifest.webmanifest, /sw.js (root scope), /offline, /favicon.ico and the
files under /pwa/ (pwa/static: sw.js's source, pwa.js, the offline page, the icons built by
tools/build_icons.py). `pwa.vapid` and `pwa.webpush` are the Web Push adapter at this edge.
"""
