"""Autocomplete: completions at the cursor from providers chosen by language, in a budget."""
