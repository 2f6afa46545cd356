"""`make bench`: motcua's catalog search and detail as ratios of a bare Litestar route.

Absolute requests/s depend on the machine; the ratio to a bare route served by the same stack, in
the same run and with the same server settings, says what motcua itself costs.
"""
