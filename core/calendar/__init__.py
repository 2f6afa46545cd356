"""The working-time calendar: working days, working periods and the deadline function."""
