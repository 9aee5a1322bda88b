"""The leaders' dashboard: figures.py counts, charts.py draws, views.py shows (cards, filter)."""
