"""The ledgers app's pages, one module per sub-domain."""
