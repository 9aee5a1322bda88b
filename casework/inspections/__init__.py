"""Inspections (排查): a venue's checklist, its photos, and failed items raised as hazards."""
