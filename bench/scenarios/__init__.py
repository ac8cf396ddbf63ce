"""One module per scenario of bench/README.md; each returns rows for the results file."""
