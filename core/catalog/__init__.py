"""The procedure catalog: definitions, versions, search, import and export."""
