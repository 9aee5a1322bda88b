"""Models of campaigns (see DESIGN.md); built by its own issue."""
