"""The dev outbox: every SMS, email and push the app sent in dev and test, for demos and tests."""
