"""Pure calculators: billing units, deadlines, cost estimates, denial codes (no I/O)."""
