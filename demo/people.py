"""Demo people: 1,000 households, 3,000 residents, their special ledgers, businesses, places."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from django.apps import apps
from simple_history.utils import bulk_create_with_history

from demo import clock
from demo.draws import Draws
from demo.people_facts import (
    BUSINESSES,
    DAUGHTER,
    EDUCATION_BY_COHORT,
    FATHER,
    FEMALE,
    FLOATING_OCCUPATIONS,
    FLOATING_SHARE,
    HAN,
    HEAD,
    HUI,
    LANDLORD_TOWNS,
    LOCAL,
    MALE,
    MINORITY_MIX,
    MOTHER,
    NAMED_PLACES,
    OCCUPATIONS,
    OVERSEAS,
    PLACES,
    PLANS,
    REFERENCE_DATE,
    RELIGION_SHARE,
    SON,
    SPOUSE,
    STRATA_ROLES,
    STUDY_PLACES,
    TAG_NAMES,
    UYGUR,
    ZANG,
    Address,
    CommunityPlan,
    Family,
    Member,
    Region,
)
from ledgers.codes import InflowReason
from ledgers.identifiers import is_minority
from ledgers.models import (
    Business,
    BusinessKind,
    Community,
    FloatingRecord,
    Grid,
    Household,
    MoveEvent,
    OverseasTie,
    PermitType,
    Place,
    ResidencePeriod,
    ResidenceType,
    Resident,
    ResidentStatus,
    StrataMembership,
    StudyAbroad,
    Tag,
)
from ledgers.moves import periods

# The office first kept its ledgers in 2019: people on them then are registered from then on.
KEPT_FROM = date(2019, 1, 1)


@dataclass
class _Planned:
    member: Member
    family: Family
    values: dict[str, Any]
    model: type[Any]

    def build(self) -> Any:
        return self.model(resident=self.member.resident, **self.values)


@dataclass
class _PlannedBusiness:
    row: Business
    operator_member: Member | None


def _active_adults(families: list[Family], low: int, high: int) -> list[tuple[Family, Member]]:
    return [
        (f, m)
        for f in families
        for m in f.members
        if m.status == ResidentStatus.ACTIVE and low <= m.age <= high and not m.abroad
    ]


class _Seeder(Draws):
    """The demo people's plan (families at addresses), their rows, ledgers, businesses, places."""

    def __init__(self, seed: int) -> None:
        super().__init__(seed)
        self.permit_serial = 0

    # --- households --------------------------------------------------------------------------

    def addresses(self, plan: CommunityPlan) -> list[Address]:
        """`plan.households` distinct addresses, in the order the community numbers them."""
        slots: list[Address] = []
        for street in plan.streets:
            for number in sorted(self.rng.sample(range(2, 120, 2), 4)):
                floors = self.rng.choice([5, 6, 6, 7, 11, 18])
                for building in range(1, self.rng.randint(3, 8) + 1):
                    for unit in range(1, self.rng.randint(2, 3) + 1):
                        for floor in range(1, floors + 1):
                            for door in (1, 2):
                                room = f"{floor}{door:02d}"
                                slots.append(
                                    Address(street, number, str(building), str(unit), room)
                                )
        lanes = [Address(lane, number) for lane in plan.lanes for number in range(1, 90)]
        courtyards = min(len(lanes), plan.households * 15 // 100)
        chosen = self.rng.sample(lanes, courtyards)
        chosen += self.rng.sample(slots, plan.households - courtyards)
        order = {street: i for i, street in enumerate(plan.streets + plan.lanes)}
        return sorted(
            chosen,
            key=lambda a: (order[a.street], a.number, int(a.building or 0), int(a.unit or 0),
                           int(a.room or 0)),
        )  # fmt: skip

    def family(self, plan: CommunityPlan, address: Address) -> Family:
        """A household at `address` with the plan's mix: a head, perhaps a spouse, their
        children, perhaps the head's parents; floating or registered here."""
        self.household_names = set()
        ethnicity = self.pick(MINORITY_MIX) if self.chance(plan.minority_share) else HAN
        floating = self.chance(FLOATING_SHARE.get(ethnicity, 0.1))
        origin = self.birthplace(ethnicity, floating)
        head_gender = MALE if self.chance(0.74) else FEMALE
        head_age = self.head_age(floating)
        head = self.person(HEAD, head_gender, head_age, ethnicity, origin)
        spouse = self.spouse(head, head_age, origin, floating)
        members = [head] if spouse is None else [head, spouse]
        children = self.children(head_age, is_minority(ethnicity))
        members += self.offspring(head, spouse, head_age, children, origin, floating)
        if not spouse:
            head.marital = self.single_marital(head_age, children, len(members))
        if 28 <= head_age <= 62 and self.chance(0.3):
            members += self.parents(head, head_age, origin)
        family = Family(plan, address, floating, members, origin)
        self.settle(family)
        return family

    def head_age(self, floating: bool) -> int:
        band = self.pick([((22, 34), 22), ((35, 59), 50), ((60, 79), 22), ((80, 93), 6)])
        age = self.rng.randint(*band)
        if floating:  # people who come for work are younger
            age = self.rng.randint(22, 55)
        return age

    def spouse(self, head: Member, head_age: int, origin: Region, floating: bool) -> Member | None:
        """The head's spouse, if they have one (both then married, remarried …)."""
        rng = self.rng
        spouse_chance = 0.3 if head_age < 25 else 0.75 if head_age < 35 else 0.88
        spouse_chance = 0.65 if head_age >= 65 else spouse_chance
        spouse_chance = 0.35 if head_age >= 80 else spouse_chance
        if not self.chance(spouse_chance):
            return None
        ethnicity = head.ethnicity
        other = ethnicity
        if self.chance(0.07):  # a mixed marriage
            other = HAN if ethnicity != HAN else self.pick(MINORITY_MIX)
        gap = rng.randint(-2, 5) if head.gender == MALE else rng.randint(-5, 2)
        spouse_age = max(20, head_age - gap)
        spouse_gender = FEMALE if head.gender == MALE else MALE
        place = origin if self.chance(0.6) else self.birthplace(other, floating)
        spouse = self.person(SPOUSE, spouse_gender, spouse_age, other, place)
        head.marital = spouse.marital = self.pick([("20", 85), ("21", 10), ("22", 5)])
        return spouse

    def offspring(
        self,
        head: Member,
        spouse: Member | None,
        head_age: int,
        children: int,
        origin: Region,
        floating: bool,
    ) -> list[Member]:
        """Up to `children` sons and daughters, eldest first, of the father's (or now and then
        the mother's) ethnicity, named as their father's family names them."""
        rng = self.rng
        father = head if head.gender == MALE else spouse if spouse else head
        mother = head if head.gender == FEMALE else spouse if spouse else None
        mother_age = mother.age if mother else head_age
        child_age = mother_age - rng.randint(21, 30)
        born: list[Member] = []
        for _ in range(children):
            if child_age < 0 or child_age > (45 if head_age >= 75 else 35):
                break
            child_gender = MALE if self.chance(0.52) else FEMALE
            child_eth = father.ethnicity
            if mother and mother.ethnicity != father.ethnicity and self.chance(0.3):
                child_eth = mother.ethnicity
            place = LOCAL if not floating and self.chance(0.9) else origin
            relation = SON if child_gender == MALE else DAUGHTER
            surname = father.surname or (mother.surname if mother else "") or None
            if child_eth != father.ethnicity and child_eth in (ZANG, UYGUR):
                surname = None
            patronymic = father.given if father.ethnicity == UYGUR else ""
            child = self.person(
                relation, child_gender, child_age, child_eth, place, surname, patronymic
            )
            child.marital = "10"
            if child_age > 30 and self.chance(0.4):
                child.marital = "40"
            born.append(child)
            child_age -= rng.randint(1, 5)
        return born

    def single_marital(self, head_age: int, children: int, members: int) -> str:
        """The marital status of a head without a spouse in a household of `members`."""
        if head_age < 30 and children == 0:
            marital = "10"
        elif head_age >= 55:
            marital = self.pick([("30", 70), ("40", 20), ("10", 10)])
        else:
            marital = self.pick([("40", 60), ("10", 25), ("30", 15)])
        if members > 1 and marital == "10":
            marital = "40"
        return marital

    def parents(self, head: Member, head_age: int, origin: Region) -> list[Member]:
        """The head's father and/or mother, living with them."""
        rng = self.rng
        parents = []
        father_age = head_age + rng.randint(23, 34)
        mother_age = father_age - rng.randint(0, 5)
        ethnicity, surname = head.ethnicity, head.surname or None
        if father_age <= 92 and self.chance(0.6):
            parents.append(self.person(FATHER, MALE, father_age, ethnicity, origin, surname))
        if mother_age <= 95 and (not parents or self.chance(0.8)):
            parents.append(self.person(MOTHER, FEMALE, mother_age, ethnicity, origin))
        for parent in parents:
            parent.marital = "20" if len(parents) == 2 else "30"
        return parents

    def settle(self, family: Family) -> None:
        """How the family lives here; a floating family's arrival, and its landlord's name."""
        if not family.floating:
            family.housing_type = self.pick([("01", 85), ("02", 10), ("05", 5)])
            return
        family.arrived = self.days_ago(90, 8 * 365)
        for member in family.members:
            member.arrived = max(family.arrived, member.birth)
            if member.relation in (FATHER, MOTHER):  # parents often join later
                member.arrived = max(member.arrived, self.days_ago(60, 3 * 365))
        family.housing_type = self.pick([("02", 75), ("05", 10), ("01", 10), ("04", 5)])
        if family.housing_type == "02":
            family.landlord = (self.fake.name(), self.phone())

    def children(self, head_age: int, minority: bool) -> int:
        if head_age < 25:
            return self.pick([(0, 80), (1, 20)])
        if head_age < 35:
            return self.pick([(0, 20), (1, 50), (2, 30)])
        if head_age < 55:
            if minority:
                return self.pick([(0, 6), (1, 28), (2, 42), (3, 24)])
            return self.pick([(0, 8), (1, 42), (2, 38), (3, 12)])
        if head_age < 65:
            return self.pick([(0, 35), (1, 45), (2, 20)])
        return self.pick([(0, 60), (1, 35), (2, 5)])

    # --- attributes that follow from age and ethnicity ---------------------------------------

    def education(self, member: Member) -> str:
        age = member.age
        if age < 7:
            return ""
        for low, high, code in ((7, 12, "80"), (13, 15, "70"), (16, 18, "60")):
            if low <= age <= high:
                return code
        for cohort, weighted in EDUCATION_BY_COHORT:
            if member.birth.year >= cohort:
                return self.pick(weighted)
        return "90"

    def political_status(self, member: Member) -> str:
        age = member.age
        if 14 <= age <= 28 and self.chance(0.35):
            return "03"
        if age >= 18:
            return self.pick([("13", 870), ("01", 110), ("02", 5), ("05", 3), ("07", 3),
                              ("12", 4)])  # fmt: skip
        return "13"

    def occupation(self, member: Member, floating: bool) -> tuple[str, str]:
        age = member.age
        if age < 3:
            return "", ""
        if age < 7:
            return "学龄前儿童", ""
        if age < 19:
            return "学生", ""
        if age < 23 and self.chance(0.7):
            return "大学生", ""
        retired = 60 if member.gender == MALE else 55
        if age >= retired:
            return self.pick([("退休", 70), ("无业", 20), ("家务", 10)]), ""
        occupation, employer, _ = self.rng.choices(
            FLOATING_OCCUPATIONS if floating else OCCUPATIONS,
            [w for *_, w in (FLOATING_OCCUPATIONS if floating else OCCUPATIONS)],
        )[0]
        if employer == "*":
            employer = self.fake.company()
        return occupation, employer

    # --- the whole plan ------------------------------------------------------------------------

    def plan(self) -> list[Family]:
        families: list[Family] = []
        for plan in PLANS:
            families.extend(self.family(plan, address) for address in self.addresses(plan))
        for family in families:
            for member in family.members:
                member.occupation, member.employer = self.occupation(member, family.floating)
        self.mark_status(families)
        for family in self.rng.sample(families, len(families) * 4 // 100):
            family.hardship = True
        return families

    def mark_status(self, families: list[Family]) -> None:
        """A few members moved out or died; heads stay on the register."""
        others = [(f, m) for f in families for m in f.members[1:]]
        elderly = [(f, m) for f, m in others if m.age >= 70]
        for family, member in self.rng.sample(elderly, min(len(elderly), 30)):
            member.status = ResidentStatus.DECEASED
            member.status_date = self.days_ago(30, 5 * 365)
            member.status_reason = self.pick([("病故", 80), ("因病医治无效去世", 15), ("意外", 5)])
            partner = {SPOUSE: HEAD, FATHER: MOTHER, MOTHER: FATHER}.get(member.relation)
            for other in family.members:
                if other.relation == partner and other.marital.startswith("2"):
                    other.marital = "30"
        grown = [
            (f, m)
            for f, m in others
            if m.relation in (SON, DAUGHTER) and m.age >= 19 and not f.floating
        ]
        for _family, member in self.rng.sample(grown, min(len(grown), 40)):
            member.status = ResidentStatus.MOVED_OUT
            member.status_date = self.days_ago(30, 3 * 365)
            member.status_reason = self.pick([
                ("考入大学，户口迁往西安市", 3), ("工作调动，迁往兰州市城关区", 3),
                ("婚后迁往酒泉市肃州区", 3), ("随配偶迁往乌鲁木齐市", 1),
                ("购房迁往本市其他社区", 2),
            ])  # fmt: skip
        # A handful of floating residents went home: their stay here has ended.
        stayed = [
            m
            for f, m in others
            if m.arrived and m.status == ResidentStatus.ACTIVE
            and (REFERENCE_DATE - m.arrived).days > 120
        ]  # fmt: skip
        for member in self.rng.sample(stayed, min(5, len(stayed))):
            assert member.arrived is not None
            member.status = ResidentStatus.MOVED_OUT
            member.status_date = self.days_ago(20, min(400, (REFERENCE_DATE - member.arrived).days))
            member.status_reason = "离开本地，返回原籍"

    def resident(self, family: Family, member: Member, community: Community) -> Resident:
        adult = member.age >= 18
        religion = ""
        if adult and member.ethnicity in RELIGION_SHARE:
            code, share = RELIGION_SHARE[member.ethnicity]
            religion = code if self.chance(share) else ""
        registered = not family.floating
        home = str(family.address)
        hukou_place = LOCAL.name if registered else family.origin.name
        if registered:
            hukou_address = home
        else:
            town = self.rng.choice(LANDLORD_TOWNS)
            hukou_address = f"{town}{self.fake.last_name()}家庄村{self.rng.randint(1, 99)}号"
        return Resident(
            community=community,
            grid=family.household.grid if family.household else None,
            id_number=self.citizen_id(member.birthplace, member.birth, member.gender),
            name=member.name,
            gender=member.gender,
            birth_date=member.birth,
            ethnicity=member.ethnicity,
            native_place=member.birthplace.short,
            marital_status=member.marital,
            political_status=self.political_status(member),
            education=self.education(member),
            religion=religion,
            occupation=member.occupation,
            employer=member.employer,
            phone=self.phone() if member.age >= 16 else "",
            hukou_place=hukou_place,
            hukou_address=hukou_address,
            current_address=member.abroad or home,
            lives_at_registration=registered and not member.abroad,
            residence_type=ResidenceType.REGISTERED if registered else ResidenceType.FLOATING,
            status=member.status,
            status_date=member.status_date,
            status_reason=member.status_reason,
            household=family.household,
            relation_to_head=member.relation,
        )

    # --- special ledgers, businesses and places ----------------------------------------------

    def plan_studies(self, families: list[Family]) -> list[_Planned]:
        """About ten young people studying abroad, with a parent as contact at home."""
        candidates = [
            (f, m) for f, m in _active_adults(families, 19, 28) if m.relation in (SON, DAUGHTER)
        ]
        planned = []
        for family, member in self.rng.sample(candidates, min(10, len(candidates))):
            country, institution, _ = self.rng.choices(STUDY_PLACES, [w for *_, w in STUDY_PLACES])[
                0
            ]
            if member.ethnicity == HUI and self.chance(0.5):
                country, institution = "埃及", "爱资哈尔大学"
            start = self.days_ago(60, 4 * 365)
            start = start.replace(month=9, day=self.rng.randint(1, 20))
            member.occupation, member.employer = "留学生", institution
            member.abroad = f"{country}（留学）"
            head = family.head
            values = {
                "country": country,
                "institution": institution,
                "from_date": start,
                "to_date": start.replace(year=start.year + self.rng.choice([2, 4, 4, 5]))
                if self.chance(0.7)
                else None,
                "home_contact": head.name,
                "home_phone": "",  # the head's, once their resident row exists
            }
            planned.append(_Planned(member, family, values, StudyAbroad))
        return planned

    def plan_strata(self, families: list[Family]) -> list[_Planned]:
        """About thirty new-social-strata people: managers, lawyers, freelancers, new media."""
        candidates = [
            (f, m)
            for f, m in _active_adults(families, 25, 58)
            if m.occupation in ("公司职员", "销售", "自由职业", "个体经营", "无业")
        ]
        planned = []
        chosen = self.rng.sample(candidates, min(30, len(candidates)))
        for index, (family, member) in enumerate(chosen):
            categories = self.pick([("1", 35), ("2", 15), ("3", 20), ("4", 10), ("1,4", 8),
                                    ("3,4", 7), ("2,3", 5)])  # fmt: skip
            position, employer = self.rng.choice(STRATA_ROLES[categories[0]])
            employer = self.fake.company() if employer == "*" else employer
            member.occupation, member.employer = position, employer
            other = ""
            if index in (5, 11, 17):
                other = ["区工商联执委", "区青联委员", "市新联会理事"][index // 6]
            values = {
                "categories": categories,
                "employer": employer,
                "position": position,
                "is_npc_deputy": index in (0, 7),
                "is_cppcc_member": index in (1, 8, 14),
                "other_representative": other,
            }
            planned.append(_Planned(member, family, values, StrataMembership))
        return planned

    def plan_businesses(
        self, families: list[Family], communities: dict[str, Community]
    ) -> list[_PlannedBusiness]:
        """Forty businesses; residents run most of them, minority residents the 清真 restaurants."""
        taken: set[int] = set()
        adults = _active_adults(families, 25, 62)
        planned = []
        for index, (name, kind, industry, ethnicities) in enumerate(BUSINESSES):
            # A name that mentions a place (庙川路店, 站前快捷宾馆) puts the business there.
            named = [community for key, community in NAMED_PLACES.items() if key in name]
            default = PLANS[0] if ethnicities else PLANS[index % len(PLANS)]
            community_name = named[0] if named else default.name
            operator: Member | None = None
            if kind != "social" and (kind == "individual" or self.chance(0.5)):
                pool = [
                    (f, m)
                    for f, m in adults
                    if id(m) not in taken
                    and (m.ethnicity in ethnicities if ethnicities else m.ethnicity == HAN)
                ]
                here = [(f, m) for f, m in pool if f.plan.name == community_name]
                pool = here or pool
                if pool and self.chance(0.9 if kind == "individual" else 1):
                    family, operator = self.rng.choice(pool)
                    taken.add(id(operator))
                    community_name = family.plan.name
                    operator.occupation, operator.employer = "个体经营", name
            community = communities[community_name]
            plan = next(p for p in PLANS if p.name == community_name)
            streets = plan.streets + plan.lanes
            street = next((s for s in streets if s in name), self.rng.choice(streets))
            authority = {"individual": "92", "enterprise": "91", "social": "51"}[kind]
            if kind == "social" and "服务中心" in name:
                authority = "52"  # 民办非企业单位
            row = Business(
                community=community,
                name=name,
                kind=BusinessKind(kind),
                credit_code=self.credit_code(authority),
                operator_name="" if operator else self.fake.name(),
                industry=industry,
                address=f"{street}{self.rng.randint(1, 150)}号",
                phone=self.phone(),
                employees=self.rng.randint(1, 6)
                if kind == "individual"
                else self.rng.randint(8, 60),
                minority_run=bool(operator and is_minority(operator.ethnicity)),
            )
            planned.append(_PlannedBusiness(row, operator))
        return planned

    def tag(self, families: list[Family], history: dict[int | None, Any]) -> None:
        """Tag residents (低保对象, 残疾人, 高龄老人, 退役军人), also in their creation entries."""
        tags = {name: Tag.objects.get_or_create(name=name)[0] for name in TAG_NAMES}
        for family in families:
            low_income = family.hardship and self.chance(0.75)
            for member in family.members:
                if member.status != ResidentStatus.ACTIVE:
                    continue
                if low_income or (
                    member.age >= 70 and len(family.members) == 1 and self.chance(0.1)
                ):
                    member.tags.add("低保对象")
                if self.chance(0.01 + member.age / 3000):
                    member.tags.add("残疾人")
                if member.age >= 80:
                    member.tags.add("高龄老人")
                if member.gender == MALE and 30 <= member.age <= 75 and self.chance(0.06):
                    member.tags.add("退役军人")
        through = Resident.tags.through
        rows = [
            through(resident=member.resident, tag=tags[name])
            for family in families
            for member in family.members
            for name in sorted(member.tags)
        ]
        created = through.objects.bulk_create(rows, batch_size=500)
        historical_tags = apps.get_model("ledgers", "HistoricalResident_tags")
        historical_tags.objects.bulk_create(
            [
                historical_tags(
                    history=history[row.resident_id],
                    id=row.pk,
                    resident_id=row.resident_id,
                    tag=row.tag,
                )
                for row in created
            ],
            batch_size=500,
        )

    def create_floating(self, families: list[Family]) -> None:
        """A record for every floating resident; a few permits have expired, a few have left."""
        records = []
        for family in families:
            if not family.floating or family.arrived is None:
                continue
            for member in family.members:
                arrived = member.arrived or family.arrived
                if member.relation == HEAD:
                    reason = self.pick([("01", 45), ("03", 30), ("09", 10), ("04", 5), ("08", 5),
                                        ("99", 5)])  # fmt: skip
                elif member.relation == SPOUSE:
                    reason = self.pick([("05", 30), ("06", 50), ("01", 20)])
                elif member.relation in (FATHER, MOTHER):
                    reason = self.pick([("08", 70), ("07", 30)])
                else:
                    reason = "04" if member.age >= 18 and self.chance(0.5) else "06"
                stay = (REFERENCE_DATE - arrived).days
                permit_type, permit_number, expires = "", "", None
                if member.age >= 16 and stay >= 183 and not self.chance(0.1):
                    permit_type = PermitType.TEMPORARY_PERMIT if self.chance(0.1) else "01"
                    self.permit_serial += 1
                    issued = arrived + timedelta(days=183)
                    permit_number = f"{LOCAL.code}{issued.year}{self.permit_serial:06d}"
                    if stay > 400 and self.chance(0.12):
                        expires = self.days_ago(5, 200)  # expired, after its issue: to renew
                    else:
                        expires = REFERENCE_DATE + timedelta(days=self.rng.randint(90, 540))
                gone = member.status == ResidentStatus.MOVED_OUT
                records.append(
                    FloatingRecord(
                        resident=member.resident,
                        origin=family.origin.name,
                        arrived_on=arrived,
                        inflow_reason=InflowReason(reason),
                        permit_type=permit_type,
                        permit_number=permit_number,
                        permit_expires=expires,
                        domicile_type=family.housing_type,
                        landlord_name=family.landlord[0],
                        landlord_phone=family.landlord[1],
                        left_on=member.status_date if gone else None,
                    )
                )
        _create(FloatingRecord, records, lambda _i, row: row.arrived_on)

    def create_overseas_ties(self, families: list[Family]) -> None:
        """About fifteen residents with ties to Chinese abroad (归侨, 侨眷, 港澳台眷属)."""
        ties = []
        taken: set[int] = set()
        for index in range(15):
            kind, country, notes, min_age = OVERSEAS[index % len(OVERSEAS)]
            pool = [
                m for _f, m in _active_adults(families, max(min_age, 70 if index < 2 else 0), 95)
                if id(m) not in taken
            ]  # fmt: skip
            member = self.rng.choice(pool)
            taken.add(id(member))
            ties.append(
                OverseasTie(resident=member.resident, kind=kind, country=country, notes=notes)
            )
        _create(OverseasTie, ties, _surveyed)

    def places(self, communities: dict[str, Community]) -> list[Place]:
        places = []
        for values in PLACES:
            values = dict(values)
            community = communities[values.pop("community")]
            places.append(
                Place(
                    community=community,
                    person_in_charge=self.fake.name(),
                    phone=self.phone(),
                    **values,
                )
            )
        return places


def _grids(community: Community) -> list[Grid]:
    return list(Grid.objects.filter(community=community).order_by("code"))


def _create(
    model: type[Any], rows: list[Any], on: Callable[[int, Any], date] = lambda _i, _row: KEPT_FROM
) -> list[Any]:
    """Insert the rows with one creation entry each in their history, dated `on(index, row)`."""
    for index, row in enumerate(rows):
        row._history_date = clock.on(on(index, row), time(10, 0))
    return list(bulk_create_with_history(rows, model, batch_size=500))


def seed_people(seed: int = 2026) -> None:
    """Households, residents, their ledgers, businesses and places of the demo communities.

    Does nothing once any resident lives in a demo community, so seeding twice changes nothing.
    """
    communities = {c.name: c for c in Community.objects.filter(name__in=[p.name for p in PLANS])}
    if (
        len(communities) < len(PLANS)
        or Resident.objects.filter(community__in=communities.values()).exists()
    ):
        return
    seeder = _Seeder(seed)
    families = seeder.plan()
    students = seeder.plan_studies(families)
    strata = seeder.plan_strata(families)
    businesses = seeder.plan_businesses(families, communities)

    # Households, numbered in address order, spread over the community's grids in that order.
    households: list[Household] = []
    for plan in PLANS:
        community = communities[plan.name]
        grids = _grids(community)
        mine = [f for f in families if f.plan is plan]
        for index, family in enumerate(mine):
            address = family.address
            family.household = Household(
                community=community,
                grid=grids[index * len(grids) // len(mine)] if grids else None,
                number=f"{plan.prefix}-{index + 1:04d}",
                address=address.street_number,  # the page adds building, unit and room
                building=address.building,
                unit=address.unit,
                room=address.room,
                housing_type=family.housing_type,
                hardship=family.hardship,
            )
            households.append(family.household)
    entered = {id(f.household): min(_entered(m) for m in f.members) for f in families}
    clock.stamp(households, lambda h: clock.on(entered[id(h)], time(9, 0)))
    _create(Household, households)

    residents: list[Resident] = []
    for family in families:
        community = communities[family.plan.name]
        for member in family.members:
            member.resident = seeder.resident(family, member, community)
            residents.append(member.resident)
    on_register = {
        id(member.resident): _entered(member) for family in families for member in family.members
    }
    for resident in residents:
        resident.fill_name_keys()  # what save() would write; bulk_create does not call it
        periods.record(resident, periods.Move(MoveEvent.REGISTERED, on_register[id(resident)]))
        resident._history_date = clock.on(on_register[id(resident)], time(9, 30))  # type: ignore[attr-defined]
    # Not bulk_create_with_history: the creation entries are needed to record the tags in them.
    Resident.objects.bulk_create(residents, batch_size=500)
    periods.follow(residents, created=True)
    history = Resident.history.bulk_history_create(residents, batch_size=500)  # type: ignore[attr-defined]
    seeder.tag(families, {r.pk: h for r, h in zip(residents, history, strict=True)})

    _date_periods(residents)

    seeder.create_floating(families)
    _create(StrataMembership, [s.build() for s in strata], _surveyed)
    seeder.create_overseas_ties(families)
    for study in students:
        head = study.family.head.resident
        study.values["home_phone"] = head.phone if head else ""
    _create(StudyAbroad, [s.build() for s in students], lambda _i, row: row.from_date)
    for business in businesses:
        if business.operator_member is not None:
            business.row.operator = business.operator_member.resident
    _create(Business, [b.row for b in businesses], _surveyed)
    _create(Place, seeder.places(communities), lambda i, _row: KEPT_FROM + timedelta(days=20 + i))
    clock.restamp(
        Household, Resident, FloatingRecord, StrataMembership, OverseasTie, StudyAbroad,
        Business, Place,
    )  # fmt: skip


def _entered(member: Member) -> date:
    """The day a person was put on the register: when the office began its ledgers, or later
    when they were born here or came."""
    return max(member.birth, KEPT_FROM, member.arrived or KEPT_FROM)


def _surveyed(index: int, row: Any) -> date:
    """The survey of the special ledgers in 2021 (DOMAIN.md §1), a row a day or so; a person
    who came later, on the day they were registered."""
    day = date(2021, 4, 6) + timedelta(days=index * 3 % 120)
    resident = getattr(row, "resident", None)
    entered = getattr(resident, "_history_date", None)
    return max(day, entered.date()) if entered else day


def _date_periods(residents: list[Resident]) -> None:
    """Each first residence period recorded on the day it began."""
    rows: list[ResidencePeriod] = list(
        ResidencePeriod.objects.filter(resident_id__in=[r.pk for r in residents])
    )
    for row in rows:
        row.recorded_at = clock.on(row.started_on, time(9, 30))
    ResidencePeriod.objects.bulk_update(rows, ["recorded_at"], batch_size=500)
