"""The partnership itself: company records, eligibility per entity type, the lifecycle from application
to Tier III and the legal clocks that run on it."""
