"""Places: businesses and places, the individual-business and religious-venue ledgers, their
pages, filters, forms and spreadsheets."""
