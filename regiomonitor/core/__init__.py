"""Shared ground: periods, limits, problems, safe reading and writing, safe text, formatting."""
