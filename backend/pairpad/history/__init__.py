"""Time travel: a room's ordered history, its text at any version, and restoring it."""
