"""Web Push: citizens' subscribed devices and the channel that reaches them (issue 7)."""
