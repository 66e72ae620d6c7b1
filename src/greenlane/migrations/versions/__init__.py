"""One module per schema revision, applied in order; each is tested on SQLite and PostgreSQL."""
