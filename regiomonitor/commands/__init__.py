"""The command line and what it runs: check, dump, status, diff, the pull-request comment."""
