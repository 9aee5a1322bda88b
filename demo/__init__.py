"""The demo office (`manage.py seed_demo`, needs the "demo" extra: Faker). Nothing imports it
but its command, tests and benchmarks.

- profiles.py: how busy each community is (activities by kind, hazards, caseload, targets);
- clock.py: every step and history entry dated when it happened, never after today;
- accounts.py: the communities, grids and accounts (the test personas), `seed()`;
- people.py: households, residents, their special ledgers, businesses and places;
- people_facts.py: what the people are drawn from (regions, names, occupations, businesses,
  places, each community's plan) and the families being planned;
- draws.py: reproducible random draws (picks, dates, phone and ID numbers, names);
- casework.py: inspections, hazards, assistance cases and insurance enrolments;
- plans.py: inspection plans and the festival dates they need;
- campaigns.py: activities, publicity, visits, anti-fraud coverage and targets;
- campaign_texts.py: the words of the campaigns (titles, themes, findings, outlets);
- management/commands/seed_demo.py: seeds it all, once, and prints the logins.
"""
