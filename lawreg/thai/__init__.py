"""Thai text handling in one place: importers, the index, queries and screening all use it."""
