"""Output formats for events: the contract's JSON Lines, ACLED CSV, and a table for people."""
