"""People: households, residents, their tags and the special ledgers kept on them."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any, ClassVar, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Left, Right
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scope import ScopedQuerySet
from core.sets import among
from core.versions import Versioned
from ledgers import identifiers, pinyin
from ledgers.areas.models import Community, Grid
from ledgers.codes import (
    DomicileType,
    Education,
    Ethnicity,
    Gender,
    InflowReason,
    MaritalStatus,
    NewSocialStratum,
    PoliticalStatus,
    RelationToHead,
    Religion,
)

MINORITY_CODES = [code for code in Ethnicity.values if identifiers.is_minority(code)]


class LedgerRow(Versioned):
    """The thin base of every ledger row: timestamps, a version, and the scoped manager."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_path: ClassVar[str] = "community"

    class Meta:
        abstract = True


class InCommunity(LedgerRow):
    """A ledger row that belongs to a community and, optionally, one of its grids."""

    community = models.ForeignKey(Community, models.PROTECT, verbose_name=_("community"))
    grid = models.ForeignKey(Grid, models.PROTECT, null=True, blank=True, verbose_name=_("grid"))

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        grid = self.grid if self.grid_id else None
        if grid is not None and self.community_id and grid.community_id != self.community_id:
            raise ValidationError({"grid": _("This grid belongs to another community.")})


class HouseholdKind(models.TextChoices):
    FAMILY = "family", _("Family household")  # 家庭户
    COLLECTIVE = "collective", _("Collective household")  # 集体户


class HouseholdQuerySet(ScopedQuerySet):
    def minority(self) -> HouseholdQuerySet:
        """少数民族户: households with at least one resident of a minority on the register."""
        return self.filter(has_minority_resident_on_register())


def has_minority_resident_on_register() -> Q:
    """The household (the outer row) has a minority resident on the register: 少数民族户. The
    set of such households is read once from an index (status, ethnicity, household) and each
    household looked up in it (core.sets), rather than asked about its members: at 100,000
    residents 10 ms instead of 230."""
    members = Resident.objects.filter(
        status=ResidentStatus.ACTIVE, ethnicity__in=MINORITY_CODES, household__isnull=False
    )
    return among(members, "household_id")


class Household(InCommunity):
    """户 — a household; its head is the member whose relation is 户主."""

    number = models.CharField(_("household number"), max_length=30)
    address = models.CharField(_("address"), max_length=200)
    building = models.CharField(_("building"), max_length=20, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    room = models.CharField(_("room"), max_length=20, blank=True)
    housing_type = models.CharField(
        _("housing type"), max_length=2, choices=DomicileType.choices, blank=True
    )
    kind = models.CharField(
        _("household kind"), max_length=10, choices=HouseholdKind.choices, default="family"
    )
    hardship = models.BooleanField(_("hardship household"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    dissolved_on = models.DateField(
        _("dissolved on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The day its last members joined another household (合户) or left."),
    )
    history = HistoricalRecords()

    objects = HouseholdQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        permissions = [("import_household", "Can import households")]
        ordering = ["community__code", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "number"],
                name="%(app_label)s_%(class)s_number_unique_in_community",
                violation_error_message=_(
                    "This community already has a household with this number."
                ),
            )
        ]
        # Households and hardship households by community, read from the index alone.
        indexes = [models.Index(fields=["community", "hardship"], name="ledgers_hh_comm_hardship")]

    def __str__(self) -> str:
        return f"{self.number} {self.address}"

    def get_absolute_url(self) -> str:
        return reverse("ledgers:household", args=[self.pk])

    @property
    def heads(self) -> list[Resident]:
        return [m for m in self.members.all() if m.relation_to_head == RelationToHead.HEAD]


class Tag(models.Model):
    """A category a resident belongs to (少数民族, 低保对象, 退役军人 …); some are sensitive."""

    name = models.CharField(_("name"), max_length=30, unique=True)
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("Shown only to users allowed to see sensitive categories."),
    )

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class DocumentType(models.TextChoices):
    CITIZEN = identifiers.DOC_CITIZEN, _("Resident identity card")  # 居民身份证
    HMT = identifiers.DOC_HMT, _("HK/Macao/Taiwan residence permit")  # 港澳台居民居住证
    FOREIGN_PR = identifiers.DOC_FOREIGN_PR, _("Foreign permanent residence card")
    PASSPORT = identifiers.DOC_PASSPORT, _("Passport")
    OTHER = identifiers.DOC_OTHER, _("Other document")


class ResidenceType(models.TextChoices):
    REGISTERED = "registered", _("Registered population")  # 户籍人口
    FLOATING = "floating", _("Floating population")  # 流动人口
    FOREIGN = "foreign", _("Foreign national")  # 境外人员


class ResidentStatus(models.TextChoices):
    ACTIVE = "active", _("On the register")  # 在册
    MOVED_OUT = "moved_out", _("Moved out")  # 迁出
    DECEASED = "deceased", _("Deceased")  # 死亡
    ARCHIVED = "archived", _("Archived")  # 归档
    MERGED = "merged", _("Merged into another record")  # 重复记录已合并


class Resident(InCommunity):
    """实有人口 — one row per person; the special ledgers are records on it, never copies."""

    # No index of its own: the community leads two of the indexes below (the register's order,
    # the ethnicity counts), which serve every look-up by community as well.
    community = models.ForeignKey(
        Community, models.PROTECT, verbose_name=_("community"), db_index=False
    )
    document_type = models.CharField(
        _("document type"), max_length=20, choices=DocumentType.choices, default="citizen"
    )
    id_number = models.CharField(_("ID number"), max_length=30, blank=True)
    name = models.CharField(_("full name"), max_length=50)
    pinyin_override = models.CharField(
        _("reading of the name"),
        max_length=200,
        blank=True,
        help_text=_(
            "Only for a name read otherwise than usual, in pinyin syllables, e.g. shan tian fang."
        ),
    )
    # Search and sort keys of the name (ledgers.pinyin), written by save() and every import.
    name_pinyin = models.CharField(max_length=200, blank=True, editable=False)
    name_initials = models.CharField(max_length=50, blank=True, editable=False)
    name_sort = models.CharField(max_length=255, blank=True, editable=False)
    former_name = models.CharField(_("former name"), max_length=50, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    ethnicity = models.CharField(_("ethnicity"), max_length=2, choices=Ethnicity.choices)
    native_place = models.CharField(_("native place"), max_length=100, blank=True)
    marital_status = models.CharField(
        _("marital status"), max_length=2, choices=MaritalStatus.choices, blank=True
    )
    political_status = models.CharField(
        _("political status"), max_length=2, choices=PoliticalStatus.choices, blank=True
    )
    education = models.CharField(
        _("education"), max_length=2, choices=Education.choices, blank=True
    )
    religion = models.CharField(_("religion"), max_length=1, choices=Religion.choices, blank=True)
    occupation = models.CharField(_("occupation"), max_length=100, blank=True)
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    hukou_place = models.CharField(_("place of household registration"), max_length=100, blank=True)
    hukou_address = models.CharField(_("registered address"), max_length=200, blank=True)
    current_address = models.CharField(_("current address"), max_length=200, blank=True)
    lives_at_registration = models.BooleanField(
        _("lives where registered"), default=True, help_text=_("人户一致")
    )
    residence_type = models.CharField(
        _("residence type"), max_length=12, choices=ResidenceType.choices, default="registered"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ResidentStatus.choices, default="active"
    )
    status_date = models.DateField(_("status date"), null=True, blank=True)
    status_reason = models.CharField(_("status reason"), max_length=200, blank=True)
    household = models.ForeignKey(
        Household,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("household"),
    )
    relation_to_head = models.CharField(
        _("relation to head"), max_length=2, choices=RelationToHead.choices, blank=True
    )
    tags = models.ManyToManyField(Tag, blank=True, verbose_name=_("tags"))
    notes = models.TextField(_("notes"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_records",
        verbose_name=_("merged into"),
        editable=False,
    )
    # The history is read by resident (its id) and date; no query asks it by place, so its
    # copies of these keys go unindexed (an import writes a history row a resident).
    history = HistoricalRecords(
        m2m_fields=[tags], no_db_index=["community", "grid", "household", "merged_into"]
    )

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["name_sort", "pk"]
        permissions = [
            ("import_resident", "Can import residents"),
            ("merge_resident", "Can merge duplicate residents"),
            ("view_full_id_number", "Can see full ID numbers"),
            ("view_religion", "Can see and edit religion"),
            ("change_ethnicity", "Can record a change of ethnicity"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["document_type", "id_number"],
                condition=~Q(id_number=""),
                name="%(app_label)s_%(class)s_document_unique",
                violation_error_message=_("This ID number is already registered."),
            ),
            models.CheckConstraint(
                condition=Q(status=ResidentStatus.ACTIVE) | Q(status_date__isnull=False),
                name="%(app_label)s_%(class)s_status_date_unless_active",
                violation_error_message=_("Give the date of this change of status."),
            ),
        ]
        indexes = [
            # The register of a community: status filter, in pinyin order.
            models.Index(
                fields=["community", "status", "name_sort", "id"], name="ledgers_res_comm_sort"
            ),
            # Leaders' and county users' register of all communities, in pinyin order; with
            # the community, so that a staff member's pages deep in the list (OFFSET 9,975:
            # core.paging) find their ids from the index alone.
            models.Index(
                fields=["status", "name_sort", "id"],
                name="ledgers_res_status_sort",
                include=["community"],
            ),
            # A one-character search (a surname): that surname's people in pinyin order,
            # whether they are few or many and wherever their names fall in the order.
            models.Index(
                F("status"),
                Left("name", 1),
                F("name_sort"),
                F("id"),
                name="ledgers_res_surname_sort",
            ),
            # 少数民族人口台账 and the ethnicity filter, within a community and across all.
            # Covering what they read, these also serve the counts of the dashboard and the
            # county: residents by community and ethnicity, minority households, and ages
            # (养老保险 from 16).
            models.Index(
                fields=["community", "ethnicity", "status"], name="ledgers_res_comm_eth_status"
            ),
            models.Index(
                fields=["status", "ethnicity", "household"], name="ledgers_res_status_eth_hh"
            ),
            models.Index(
                fields=["status", "community", "birth_date"], name="ledgers_res_status_born"
            ),
            # Search: name, address and phone by their beginning (pattern_ops lets PostgreSQL
            # serve LIKE 'x%' whatever the database's collation; SQLite ignores opclasses) …
            models.Index(
                fields=["name"], name="ledgers_res_name", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(
                fields=["name_pinyin"],
                name="ledgers_res_pinyin",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(
                fields=["name_initials"],
                name="ledgers_res_initials",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(
                fields=["current_address"],
                name="ledgers_res_address",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(
                fields=["phone"], name="ledgers_res_phone", opclasses=["varchar_pattern_ops"]
            ),
            # … and ID numbers by their last four characters.
            models.Index(Right("id_number", 4), name="ledgers_res_id_tail"),
            # Likely duplicates across the office (ledgers.moves.duplicates), grouped from the
            # index alone: a name with a birth date or a phone; a reading with a birth date.
            models.Index(fields=["name", "birth_date", "phone"], name="ledgers_res_name_born"),
            models.Index(fields=["name_pinyin", "birth_date"], name="ledgers_res_pinyin_born"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("ledgers:resident", args=[self.pk])

    PLACE_FIELDS: ClassVar[tuple[str, ...]] = ("community_id", "grid_id", "household_id", "status")

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any, **kwargs: Any) -> Resident:
        """Remember where the resident was when loaded: a move is recorded against it
        (ledgers.moves.periods)."""
        instance = super().from_db(db, field_names, values, **kwargs)
        loaded = instance.__dict__
        if all(name in loaded for name in cls.PLACE_FIELDS):
            instance._place = tuple(loaded[name] for name in cls.PLACE_FIELDS)  # type: ignore[attr-defined]
        return instance

    def fill_name_keys(
        self, known: dict[tuple[str, str], pinyin.NameKeys] | None = None
    ) -> set[str]:
        """Write the name's pinyin keys (ledgers.pinyin); the fields changed. save() calls it,
        and so must every path that writes residents without save() (imports, bulk edits).
        `known`: the keys already read in this batch, by name and reading (an import reads
        each name once per step, however many people share it)."""
        reading = (self.name, self.pinyin_override)
        found = known.get(reading) if known is not None else None
        if found is None:
            found = pinyin.keys(*reading)
            if known is not None:
                known[reading] = found
        changed = set()
        for field, value in (
            ("name_pinyin", found.compact),
            ("name_initials", found.initials),
            ("name_sort", found.sort),
        ):
            if getattr(self, field) != value:
                setattr(self, field, value)
                changed.add(field)
        return changed

    def save(self, *args: Any, **kwargs: Any) -> None:
        changed = self.fill_name_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and changed:
            kwargs["update_fields"] = {*update_fields, *changed}
        super().save(*args, **kwargs)

    @property
    def is_minority(self) -> bool:
        return identifiers.is_minority(self.ethnicity)

    @property
    def masked_id(self) -> str:
        return identifiers.mask_id(self.id_number)

    def age(self, on: date | None = None) -> int:
        on = on or timezone.localdate()
        before_birthday = (on.month, on.day) < (self.birth_date.month, self.birth_date.day)
        return on.year - self.birth_date.year - before_birthday

    def read_id_number(self) -> tuple[str, identifiers.CitizenId | None]:
        """The ID number normalised, and what it says for its document type (the birth date
        and gender of an 18-character number; None for a passport …); IdentifierError when it
        is not valid. Read once per document type and number: an import asks twice (to fill
        the gender and birth date, then to check them)."""
        key = (self.document_type, self.id_number)
        read: tuple[Any, Any, identifiers.IdentifierError | None] | None
        read = self.__dict__.get("_id_read")
        if read is None or read[0] != key:
            try:
                read = (key, identifiers.read_document(*key), None)
            except identifiers.IdentifierError as error:
                read = (key, None, error)
            self.__dict__["_id_read"] = read
        if read[2] is not None:
            raise read[2]
        return cast("tuple[str, identifiers.CitizenId | None]", read[1])

    def take_from_id_number(self, keep: Collection[str] = ()) -> set[str]:
        """Set the gender and birth date from an 18-character ID number, but for the fields in
        `keep` (typed by the person: clean_fields checks them against the number); returns the
        fields changed. Nothing when the number is missing or wrong (clean_fields says why)."""
        if not self.id_number:
            return set()
        try:
            _number, parsed = self.read_id_number()
        except identifiers.IdentifierError:
            return set()
        changed = set()
        if parsed is not None:
            for field, value in (("gender", parsed.gender), ("birth_date", parsed.birth_date)):
                if field not in keep and getattr(self, field) != value:
                    setattr(self, field, value)
                    changed.add(field)
        return changed

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        """The fields' own validators, then what the identity document says of the person and
        the relation a member of a household needs (field_rules). These are here rather than
        in clean() because Django tells clean_fields which fields a form leaves out (the status
        form has no ID number) or has already refused: those are not judged again."""
        errors: dict[str, Any] = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        self.field_rules(exclude or (), errors)
        if errors:
            raise ValidationError(errors)

    def field_rules(self, exclude: Collection[str], errors: dict[str, Any]) -> None:
        """The rules on fields beyond each field's own validators, added to `errors` (the
        fields' errors so far: a field refused there is not judged again). clean_fields runs
        them after the fields' validators, and so does an import (sheets.rules), which runs
        those validators its own faster way."""
        skip = {*exclude, *errors} if errors else exclude
        found = self.document_errors(skip)
        if "relation_to_head" not in skip and self.household_id and not self.relation_to_head:
            found["relation_to_head"] = _("Give the relation to the head of household.")
        for field, message in found.items():
            errors.setdefault(field, []).append(ValidationError(message))

    def document_errors(self, skip: Collection[str]) -> dict[str, Any]:
        """The ID number checked against its document type (normalised when valid), and the
        gender and birth date against the number (GB 11643-1999)."""
        if "id_number" in skip or self.document_type not in identifiers.DOCUMENT_TYPES:
            return {}  # a document type that is not one has its own error
        if not self.id_number:
            if self.document_type == DocumentType.CITIZEN:
                return {"id_number": _("Enter the ID number of the identity card.")}
            return {}
        try:
            self.id_number, parsed = self.read_id_number()
        except identifiers.IdentifierError as error:
            return {"id_number": error.message}
        errors: dict[str, Any] = {}
        if parsed is None:
            return errors
        if "gender" not in skip and self.gender and self.gender != parsed.gender:
            errors["gender"] = _("The gender does not match the ID number.")
        if "birth_date" not in skip and self.birth_date and self.birth_date != parsed.birth_date:
            errors["birth_date"] = _("The birth date does not match the ID number.")
        return errors

    def clean(self) -> None:
        super().clean()
        household = self.household if self.household_id else None
        if household is not None and household.community_id != self.community_id:
            raise ValidationError({"household": _("This household belongs to another community.")})
        active = self.status == ResidentStatus.ACTIVE
        if household is not None and household.dissolved_on and active:
            raise ValidationError({"household": DISSOLVED})
        if self.status != ResidentStatus.ACTIVE and not self.status_date:
            raise ValidationError({"status_date": _("Give the date of this change of status.")})

    def change_ethnicity(
        self, new: str, reason: str, approval_document: str, user: Any
    ) -> EthnicityChange:
        """民族成份变更: recorded with its reason, at most once. The row is locked while the
        change is recorded; a second change, even one recorded at the same moment by someone
        else, is refused by the database (IntegrityError) and nothing is written."""
        with transaction.atomic():
            resident = Resident.objects.select_for_update().get(pk=self.pk)
            change = EthnicityChange.objects.create(
                resident=resident,
                old_ethnicity=resident.ethnicity,
                new_ethnicity=new,
                reason=reason,
                approval_document=approval_document,
                changed_by=user,
            )
            resident.ethnicity = new
            resident._change_reason = reason  # type: ignore[attr-defined]
            resident.save(update_fields=["ethnicity", "updated_at"])
        self.ethnicity = new
        return change


DISSOLVED = _("This household was dissolved (merged into another): it takes no members.")
CHANGED_ONCE = _(
    "This person's ethnicity was already changed once; a registered ethnicity changes at most once."
)


class EthnicityChange(models.Model):
    """A recorded change of a resident's registered ethnicity (民族成份变更): at most one."""

    resident = models.ForeignKey(
        Resident, models.CASCADE, related_name="ethnicity_changes", verbose_name=_("resident")
    )
    old_ethnicity = models.CharField(_("old ethnicity"), max_length=2, choices=Ethnicity.choices)
    new_ethnicity = models.CharField(_("new ethnicity"), max_length=2, choices=Ethnicity.choices)
    reason = models.CharField(_("reason"), max_length=300)
    approval_document = models.CharField(_("approval document"), max_length=100, blank=True)
    changed_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    objects = ScopedQuerySet.as_manager()
    scope_path: ClassVar[str] = "resident__community"

    class Meta:
        verbose_name = _("change of ethnicity")
        verbose_name_plural = _("changes of ethnicity")
        ordering = ["-changed_at"]
        constraints = [
            # 国家民委、公安部令第2号: a registered ethnicity changes at most once.
            models.UniqueConstraint(
                fields=["resident"],
                name="%(app_label)s_%(class)s_once_per_resident",
                violation_error_message=CHANGED_ONCE,
            )
        ]

    def __str__(self) -> str:
        old, new = self.get_old_ethnicity_display(), self.get_new_ethnicity_display()
        return f"{self.resident}: {old} → {new}"


class OnResident(LedgerRow):
    """A special-ledger record kept on a resident; its community is the resident's."""

    scope_path: ClassVar[str] = "resident__community"

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.resident} · {self._meta.verbose_name}"  # type: ignore[attr-defined]

    def get_absolute_url(self) -> str:
        return self.resident.get_absolute_url()  # type: ignore[attr-defined, no-any-return]


class PermitType(models.TextChoices):
    RESIDENCE_PERMIT = "01", _("Residence permit")  # 居住证
    TEMPORARY_PERMIT = "02", _("Temporary residence permit")  # 暂住证
    OTHER = "99", _("Other")


class FloatingRecord(OnResident):
    """流动人口 — a stay of a resident who came from elsewhere."""

    resident = models.ForeignKey(
        Resident, models.PROTECT, related_name="floating_records", verbose_name=_("resident")
    )
    origin = models.CharField(_("place of origin"), max_length=100)
    arrived_on = models.DateField(_("arrived on"))
    inflow_reason = models.CharField(
        _("reason for coming"), max_length=2, choices=InflowReason.choices
    )
    permit_type = models.CharField(
        _("permit type"), max_length=2, choices=PermitType.choices, blank=True
    )
    permit_number = models.CharField(_("permit number"), max_length=40, blank=True)
    permit_expires = models.DateField(_("permit expires"), null=True, blank=True)
    domicile_type = models.CharField(
        _("domicile type"), max_length=2, choices=DomicileType.choices, blank=True
    )
    landlord_name = models.CharField(_("landlord"), max_length=50, blank=True)
    landlord_phone = models.CharField(_("landlord phone"), max_length=30, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("floating-population record")
        verbose_name_plural = _("floating-population records")
        permissions = [("import_floatingrecord", "Can import floating-population records")]
        ordering = ["-arrived_on", "pk"]
        # The ledger's order, read from an index (its first page joined every resident).
        indexes = [models.Index(fields=["-arrived_on", "id"], name="ledgers_float_arrived")]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("arrived_on")),
                name="%(app_label)s_%(class)s_left_after_arrival",
                violation_error_message=_("The date of leaving is before the arrival."),
            )
        ]

    def clean(self) -> None:
        super().clean()
        if self.left_on and self.arrived_on and self.left_on < self.arrived_on:
            raise ValidationError({"left_on": _("The date of leaving is before the arrival.")})


def validate_strata_categories(value: str) -> None:
    codes = [c for c in value.split(",") if c]
    if not codes or any(c not in NewSocialStratum.values for c in codes):
        raise ValidationError(_("Choose one or more of the four categories."))


class StrataMembership(OnResident):
    """新的社会阶层人士 — one or more of the four official categories, with 代表人士 flags."""

    resident = models.OneToOneField(
        Resident, models.PROTECT, related_name="strata", verbose_name=_("resident")
    )
    # Comma-separated NewSocialStratum codes ("1,3"): the categories overlap.
    categories = models.CharField(
        _("categories"), max_length=20, validators=[validate_strata_categories]
    )
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=100, blank=True)
    is_npc_deputy = models.BooleanField(_("people's congress deputy"), default=False)
    is_cppcc_member = models.BooleanField(_("CPPCC member"), default=False)
    other_representative = models.CharField(
        _("other representative role"), max_length=100, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("new-social-strata membership")
        verbose_name_plural = _("new-social-strata memberships")
        permissions = [("import_stratamembership", "Can import new-social-strata memberships")]
        ordering = ["pk"]

    def category_names(self) -> str:
        labels = dict(NewSocialStratum.choices)
        return "、".join(str(labels[c]) for c in self.categories.split(",") if c in labels)


class OverseasTieKind(models.TextChoices):
    RETURNED = "returned", _("Returned overseas Chinese")  # 归侨
    RELATIVE = "relative", _("Relative of overseas Chinese")  # 侨眷
    HK_MACAO = "hk_macao", _("Relative of Hong Kong or Macao compatriots")  # 港澳同胞眷属
    TAIWAN = "taiwan", _("Relative of Taiwan compatriots")  # 台湾同胞眷属


class OverseasTie(OnResident):
    """归侨侨眷 — a resident's tie to Chinese living abroad (students abroad are not 华侨)."""

    resident = models.ForeignKey(
        Resident, models.PROTECT, related_name="overseas_ties", verbose_name=_("resident")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=OverseasTieKind.choices)
    country = models.CharField(_("country or region of residence abroad"), max_length=50)
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("overseas tie")
        verbose_name_plural = _("overseas ties")
        permissions = [("import_overseastie", "Can import overseas ties")]
        ordering = ["pk"]


class StudyAbroad(OnResident):
    """赴外留学生 — a resident studying abroad."""

    resident = models.ForeignKey(
        Resident, models.PROTECT, related_name="studies_abroad", verbose_name=_("resident")
    )
    country = models.CharField(_("country or region"), max_length=50)
    institution = models.CharField(_("institution"), max_length=200)
    from_date = models.DateField(_("from"))
    to_date = models.DateField(_("until"), null=True, blank=True)
    home_contact = models.CharField(_("contact at home"), max_length=50, blank=True)
    home_phone = models.CharField(_("phone at home"), max_length=30, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("student abroad")
        verbose_name_plural = _("students abroad")
        permissions = [("import_studyabroad", "Can import students abroad")]
        ordering = ["-from_date", "pk"]

    def clean(self) -> None:
        super().clean()
        if self.to_date and self.from_date and self.to_date < self.from_date:
            raise ValidationError({"to_date": _("The end is before the start.")})
