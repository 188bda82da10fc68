"""Measurement sources (CSV folders, demo data) and the versions of the files they come from."""
