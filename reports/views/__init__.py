"""The reports' pages: the home page of each role, the leaders' dashboard."""
