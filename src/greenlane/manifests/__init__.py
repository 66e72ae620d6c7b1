"""Advance cargo data as the agency keeps it: ingest batches, bills of lading with every version received,
their flags, and the quarantine of records that could not be accepted, open for correction."""
