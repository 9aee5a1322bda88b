"""Assistance cases (社会救助): the application, its steps to payment, its pages and ledger."""
