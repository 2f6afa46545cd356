"""Identity and access: citizens, staff, units, tokens, rate limits and the audit trail."""
