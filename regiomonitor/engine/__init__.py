"""The engine: the DuckDB database, the status queries, the status registry, progress and roll-ups."""
