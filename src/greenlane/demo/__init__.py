"""`make demo`: a plausible program seeded into the embedded database, summarised, and ready to browse."""
