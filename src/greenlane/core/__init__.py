"""Shared kernel: configuration, domain errors, clock and small value types used by every area."""
