"""Questions asked of the atlas: names and synonyms, search, and the reverse lookup."""
