"""Completion providers: each turns a cursor context into ranked completion items."""
