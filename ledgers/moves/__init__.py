"""People's moves: where each resident lived when (residence periods), transfers between the
office's communities, households split and merged, duplicate records merged."""
