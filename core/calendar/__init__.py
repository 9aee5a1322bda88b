"""The holiday calendar's pages (/calendar/): the years entered and to come, each year's days,
and a year entered from the State Council's notice (entry.py, in the text form of lines.py)."""
