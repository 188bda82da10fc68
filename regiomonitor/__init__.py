"""Regiomonitor: monitoring of a regional IZA/ROAZ plan, with the plan kept as YAML."""
