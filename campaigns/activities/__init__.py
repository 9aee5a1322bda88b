"""Activities (活动): the log, the month view, photos and files, named attendees, the ledger."""
