"""The quarterly reporting round: the workbook owners fill in (`template`) and the reading of what they return
(`intake`). The sheets and their columns are a contract other tools and regions rely on: `sheets.py` holds it."""
