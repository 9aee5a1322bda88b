"""People: households, residents and the special ledgers kept on them (floating, new strata,
overseas ties, study abroad), their pages, filters, forms and spreadsheets."""
