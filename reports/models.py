"""Models of reports (see DESIGN.md); built by its own issue."""
