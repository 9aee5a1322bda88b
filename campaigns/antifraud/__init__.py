"""The anti-fraud app (反诈APP): each household's answer, the coverage, the households to visit."""
