"""Publicity (宣传报道): articles and news items about the work, and their ledger."""
