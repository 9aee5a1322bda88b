"""The indicator self-assessment (测评指标自评)."""
