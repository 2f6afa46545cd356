"""Notifications: the transactional outbox and its delivery.

messages (enqueue in the change's transaction) → delivery (the worker's engine: claims, attempts,
back-off, parking) → channels (the port) implemented by inbox (in-app), email, sms and
core.push; recipients and preferences decide who gets what; parked is the admin's view; service
is the dev outbox (GET /dev/outbox) every channel also writes to in dev and test.
"""
