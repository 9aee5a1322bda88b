"""Every list page sorts by each of its sortable columns, both ways, and paginates."""

from collections.abc import Callable, Iterator

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.generic import ObjectListView
from sheets.views import ExportMixin
from tests.conftest import PERSONAS


def list_views(resolver: URLResolver | None = None, namespace: str = "") -> Iterator[tuple]:
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from list_views(pattern, inner)
        elif isinstance(pattern, URLPattern):
            view_class = getattr(pattern.callback, "view_class", None)
            if (
                view_class
                and issubclass(view_class, ObjectListView)
                and not issubclass(view_class, ExportMixin)  # a file, not a page
            ):
                yield f"{namespace}{pattern.name}", view_class


LIST_VIEWS = sorted(list_views(), key=lambda item: item[0])


@pytest.mark.parametrize(("name", "view_class"), LIST_VIEWS, ids=[n for n, _ in LIST_VIEWS])
def test_every_sortable_column_sorts_both_ways(
    name: str,
    view_class: type[ObjectListView],
    accounts: dict[str, User],
    client_as: Callable[[str], Client],
) -> None:
    permission = view_class().get_permission_required()
    persona = next(p for p in PERSONAS[1:] if accounts[p].has_perms(permission))
    client = client_as(persona)
    for column in view_class.columns:
        for sort in filter(None, [column.sort, column.sort and f"-{column.sort}"]):
            response = client.get(reverse(name), {"sort": sort, "page": "1"})
            assert response.status_code == 200, (name, sort)
            assert response.context["current_sort"] == sort
