"""Hazards (隐患): the register, its closed loop of steps, its pages and its ledger."""
