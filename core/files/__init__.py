"""Citizens' uploaded papers: content-checked, cleaned, stored by SHA-256, owned by one citizen."""
