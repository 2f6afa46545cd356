"""The domain of motcua: tables, services and rules. Knows no HTTP, templates or gateways."""
