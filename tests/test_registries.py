"""What core learns from the apps above it (from their AppConfig.ready()) is there once the apps
are ready, and core says so loudly when it is missing rather than guessing."""

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from core import backups, generic, history, roles, scope
from ledgers.identifiers import mask_id
from ledgers.models import Tag


def test_the_scope_rule_knows_who_works_where() -> None:
    assert scope.membership().see_all == "ledgers.view_all_communities"


def test_an_unconfigured_scope_rule_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scope, "_membership", None)
    with pytest.raises(ImproperlyConfigured, match="configure"):
        scope.membership()


def test_history_masks_id_numbers() -> None:
    assert history.MASKED_FIELDS["id_number"] is mask_id


def test_lists_find_their_import_pages_through_sheets() -> None:
    assert generic.import_link is not None


def test_the_built_in_tags_are_rows_of_migrate() -> None:
    assert Tag._meta.db_table in backups.MIGRATION_ROWS


def test_syncing_roles_nobody_declared_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roles, "ROLE_PERMISSIONS", {role: [] for role in roles.ROLES})
    with pytest.raises(ImproperlyConfigured, match="declare"):
        roles.sync_roles(apps)
