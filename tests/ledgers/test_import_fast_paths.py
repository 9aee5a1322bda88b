"""The import's and the export's fast paths do what Django's and the writer's own code does:
the same instance, the same validation errors, the same prepared values, the same cells."""

from datetime import UTC, date, datetime, timedelta
from datetime import timezone as dt_timezone
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from ledgers.models import Household, ResidencePeriod, Resident
from sheets import bulk, rules, xlsxstream
from sheets.resources import REGISTRY
from tests.conftest import citizen_id

SAMPLES: list[object] = [
    "",
    "01",
    "1",
    "citizen",
    "x" * 300,
    "马建国",
    " padded ",
    "a\x00b",
    date(1985, 3, 2),
    datetime(1985, 3, 2, 8, 0),
    True,
    False,
    None,
    3,
]


def test_a_value_a_fast_test_accepts_is_one_field_clean_accepts_unchanged() -> None:
    checked = 0
    for resource in REGISTRY.values():
        for field in resource.model._meta.fields:
            test = rules.surely_valid(field)
            if test is None:
                continue
            values = SAMPLES + [key for key, _label in field.flatchoices]
            for value in values:
                if not test(value):
                    continue
                assert field.clean(value, None) == value, (field, value)
                checked += 1
    assert checked > 100


def _resident(**values: Any) -> Resident:
    resident = Resident(
        name="马建国",
        id_number=citizen_id("19700305", "011"),
        gender="1",
        birth_date=date(1970, 3, 5),
        ethnicity="03",
        community_id=1,
    )
    for name, value in values.items():
        setattr(resident, name, value)
    return resident


@pytest.mark.parametrize(
    "values",
    [
        {},
        {"ethnicity": "99"},
        {"ethnicity": ""},
        {"name": "马" * 60},
        {"phone": "1" * 40},
        {"gender": "2"},
        {"birth_date": None},
        {"id_number": "620202197003050119"},
        {"document_type": "nothing"},
        {"household_id": 5, "relation_to_head": ""},
        {"lives_at_registration": None},
        {"marital_status": "77", "education": "x"},
    ],
)
def test_the_import_finds_the_errors_clean_fields_finds(values: dict[str, Any]) -> None:
    rule_set = REGISTRY["residents"].model_rules.for_file({"姓名", "公民身份号码"})
    assert rule_set.own_loop
    expected: dict[str, list[str]] = {}
    try:
        _resident(**values).clean_fields(exclude=rule_set.exclude)
    except ValidationError as error:
        expected = error.message_dict
    found = rules.clean_fields(_resident(**values), rule_set)
    assert {k: [m for e in v for m in e.messages] for k, v in found.items()} == expected


def test_a_new_instance_is_what_the_model_makes() -> None:
    for model in (Resident, Household, ResidencePeriod):
        made = bulk.maker(model)()
        plain = model()
        assert made.__dict__.keys() == plain.__dict__.keys()
        assert {k: v for k, v in made.__dict__.items() if k != "_state"} == {
            k: v for k, v in plain.__dict__.items() if k != "_state"
        }
        assert made._state.adding and made._state.db is None
        assert made._state is not bulk.maker(model)()._state


@pytest.mark.django_db
def test_values_are_prepared_as_the_fields_prepare_them() -> None:
    resident = _resident(pk=7, created_at=datetime(2026, 1, 2, 3, 4, tzinfo=UTC), status_date=None)
    resident.updated_at = datetime(2026, 1, 2, 3, 4, tzinfo=dt_timezone(timedelta(hours=8)))
    fields = list(Resident._meta.concrete_fields)
    expected = [f.get_db_prep_save(getattr(resident, f.attname), connection) for f in fields]
    assert bulk.values_of(fields)(resident) == expected


def _reference_row(number: int, values: list[object], styles: list[int]) -> str:
    cells = []
    for col, value in enumerate(values):
        if value is None or value == "":
            continue
        style = styles[col] if col < len(styles) else 0
        ref = f"{xlsxstream.column_letter(col)}{number}"
        cells.append(xlsxstream.cell(ref, value, style, style == xlsxstream.TEXT))
    return f'<row r="{number}">{"".join(cells)}</row>'


@pytest.mark.parametrize(
    "values",
    [
        ["马建国", "620202197003050118", date(1970, 3, 5), True, 3, None, ""],
        ["a & b", "<x>", "_x0041_", " lead", "trail ", "\u3000wide", "ok"],
        ["tab\tinside", "a\x01b", "x" * 40_000, "\ue000 joined", "fine", 1.5, False],
        [datetime(2026, 1, 2, 3, 4), "text", date(2026, 1, 2), "", None, "ok", "end"],
    ],
)
def test_a_row_is_written_as_its_cells_would_be(values: list[object]) -> None:
    styles = [0, xlsxstream.TEXT, 0, 0, xlsxstream.TEXT, 0, 0]

    class Sink:
        def write(self, data: bytes) -> None: ...

    sheet = xlsxstream.Sheet(Sink(), len(values))  # type: ignore[arg-type]
    sheet.row(values, styles=styles)
    assert sheet.buffer == [_reference_row(1, values, styles)]
    sheet.body.close()
