"""The plan: YAML with positions, the pydantic model, cross-checks, commentary, the JSON Schema."""
