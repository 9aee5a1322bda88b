"""Yearly targets (年度目标): set by leaders, their progress computed from the records."""
