"""Data files: their shapes (pydantic), YAML read with line numbers, validation, locations.

The lowest layer: it imports nothing else of the atlas."""
