"""Statistics: daily counters per unit, kept in step with every dossier event (issue 8)."""
