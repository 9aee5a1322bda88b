"""Household visits (走访): the records, their coverage of minority households, what they open."""
