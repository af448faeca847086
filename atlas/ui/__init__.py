"""Panel user interface (the only layer that imports Panel)."""
