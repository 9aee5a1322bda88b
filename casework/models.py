"""Models of casework (see DESIGN.md); built by its own issue."""
