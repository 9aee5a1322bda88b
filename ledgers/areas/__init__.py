"""Areas: communities, grids, who works where, access requests decided by a second person,
the audited accounts, the number counters and the audit log pages."""
