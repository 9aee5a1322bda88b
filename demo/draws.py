"""Reproducible random draws for the demo people: weighted picks, dates counted back from the
reference date, unused phone and ID numbers, valid credit codes, and names as each ethnicity
gives them. One seed gives the same draws, in the same order, wherever it is run."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TypeVar

from faker import Faker

from demo.people_facts import (
    BIRTHPLACES,
    HAN,
    LOCAL,
    MALE,
    MONGOL,
    MONGOLIAN,
    REFERENCE_DATE,
    REGIONS,
    SURNAMES,
    TIBETAN_FEMALE,
    TIBETAN_MALE,
    UYGHUR_FEMALE,
    UYGHUR_MALE,
    UYGUR,
    ZANG,
    Member,
    Region,
)
from ledgers.identifiers import CREDIT_ALPHABET, credit_check_char, id_check_char

T = TypeVar("T")


class Draws:
    """The random source of the demo people (and Faker's, seeded alike), with what is drawn
    already (ID numbers, phones, credit codes, the names in the household being made)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed)
        self.ids: set[str] = set()
        self.phones: set[str] = set()
        self.credit_codes: set[str] = set()
        self.household_names: set[str] = set()

    def pick(self, weighted: Sequence[tuple[T, int]]) -> T:
        values = [value for value, _ in weighted]
        weights = [weight for _, weight in weighted]
        return self.rng.choices(values, weights)[0]

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def born(self, age: int) -> date:
        """A birth date that makes someone `age` years old on the reference date."""
        latest = REFERENCE_DATE.replace(year=REFERENCE_DATE.year - age)
        return latest - timedelta(days=self.rng.randint(1, 364))

    def days_ago(self, low: int, high: int) -> date:
        return REFERENCE_DATE - timedelta(days=self.rng.randint(low, high))

    def phone(self) -> str:
        while True:
            number = f"1{self.rng.choice('3456789')}{self.rng.randint(0, 999_999_999):09d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def citizen_id(self, region: Region, birth: date, gender: str) -> str:
        """A valid, unused 18-character ID number; the 17th digit is odd for men."""
        while True:
            order = self.rng.randrange(0, 500) * 2 + (1 if gender == MALE else 0)
            body = f"{region.code}{birth:%Y%m%d}{order:03d}"
            number = body + id_check_char(body)
            if number not in self.ids:
                self.ids.add(number)
                return number

    def credit_code(self, authority: str) -> str:
        """A valid unified social credit code registered here (authority "92", "91", "51" …)."""
        while True:
            serial = "".join(self.rng.choice(CREDIT_ALPHABET) for _ in range(7))
            body = f"{authority}{LOCAL.code}MA{serial}"
            code = body + credit_check_char(body)
            if code not in self.credit_codes:
                self.credit_codes.add(code)
                return code

    def name(
        self, ethnicity: str, gender: str, surname: str | None = None, father: str = ""
    ) -> tuple[str, str, str]:
        """(family name, given name, full name) as people of this ethnicity are named."""
        if ethnicity == ZANG:
            first = self.rng.choice(TIBETAN_MALE if gender == MALE else TIBETAN_FEMALE)
            second = self.rng.choice(
                TIBETAN_MALE + TIBETAN_FEMALE if gender == MALE else TIBETAN_FEMALE
            )
            given = first + second if first != second else first
            return "", given, given
        if ethnicity == UYGUR:
            given = self.rng.choice(UYGHUR_MALE if gender == MALE else UYGHUR_FEMALE)
            # The second part is the father's given name.
            return "", given, f"{given}·{father or self.rng.choice(UYGHUR_MALE)}"
        if ethnicity == MONGOL and surname is None and self.chance(0.4):
            given = self.rng.choice(MONGOLIAN[gender])
            return "", given, given
        if surname is None:
            surname = self.pick(SURNAMES[ethnicity]) if ethnicity in SURNAMES else ""
            surname = surname or self.fake.last_name()
        given = self.fake.first_name_male() if gender == MALE else self.fake.first_name_female()
        return surname, given, surname + given

    def person(
        self,
        relation: str,
        gender: str,
        age: int,
        ethnicity: str,
        birthplace: Region,
        surname: str | None = None,
        father: str = "",
    ) -> Member:
        for _ in range(20):  # nobody shares a name with someone in their own household
            family_name, given, full = self.name(ethnicity, gender, surname, father)
            if full not in self.household_names:
                break
        self.household_names.add(full)
        return Member(
            relation=relation,
            gender=gender,
            birth=self.born(age),
            ethnicity=ethnicity,
            surname=family_name,
            given=given,
            name=full,
            birthplace=birthplace,
        )

    def birthplace(self, ethnicity: str, floating: bool) -> Region:
        registered, elsewhere = BIRTHPLACES.get(ethnicity, BIRTHPLACES[HAN])
        return REGIONS[self.pick(elsewhere if floating else registered)]
