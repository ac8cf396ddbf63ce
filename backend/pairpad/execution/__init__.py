"""Running people's code in a sandbox, for the API and for rooms."""
