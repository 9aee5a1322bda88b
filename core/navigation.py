"""What base.html needs on every page: the user's communities and the navigation they may use.

The menu's entries are not written here: each app registers its own from its AppConfig.ready()
(`register_section`, `register`), each with an order that places it among the others'. Entries
and sections sort by their order; an entry shows to those holding its permission, a section when
one of its entries shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.scope import community_names, sees_all_communities


@dataclass(frozen=True)
class Entry:
    """A link of the menu: shown to whoever holds `permission`, active on the pages under it."""

    label: Any
    url_name: str
    permission: str
    order: int
    section: str = ""  # the drop-down it belongs to; "" for the bar itself


@dataclass(frozen=True)
class Section:
    """A drop-down menu of the bar, holding the entries registered with its name."""

    name: str
    label: Any
    order: int


SECTIONS: dict[str, Section] = {}
ENTRIES: dict[str, Entry] = {}  # by URL name: registering an entry again replaces it


def register_section(
    name: str, label: Any, *, order: int, entries: Iterable[tuple[Any, str, str]] = ()
) -> None:
    """Add a drop-down menu to the bar at `order` (registering a name again replaces it), with
    its `entries` (label, URL name, permission) in their order: 10, 20, 30 … within it."""
    SECTIONS[name] = Section(name, label, order)
    for number, (entry_label, url_name, permission) in enumerate(entries, start=1):
        register(entry_label, url_name, permission, order=number * 10, section=name)


def register(label: Any, url_name: str, permission: str, *, order: int, section: str = "") -> None:
    """Add a link to the bar, or to the drop-down `section`, at `order` among its neighbours."""
    ENTRIES[url_name] = Entry(label, url_name, permission, order, section)


def menu() -> list[Section | Entry]:
    """The bar's entries and sections in their order (a section's entries: `section_entries`)."""
    for entry in ENTRIES.values():
        if entry.section and entry.section not in SECTIONS:
            raise ImproperlyConfigured(
                f"The menu entry {entry.url_name!r} names the section {entry.section!r}, "
                "which no app registered (core.navigation.register_section)."
            )
    top: list[Section | Entry] = [e for e in ENTRIES.values() if not e.section]
    return sorted([*top, *SECTIONS.values()], key=lambda item: item.order)


def section_entries(name: str) -> list[Entry]:
    return sorted((e for e in ENTRIES.values() if e.section == name), key=lambda e: e.order)


def _link(entry: Entry, request: HttpRequest) -> dict[str, Any] | None:
    if not request.user.has_perm(entry.permission):
        return None
    url = reverse(entry.url_name)
    return {"label": entry.label, "url": url, "active": request.path.startswith(url)}


def _items(request: HttpRequest) -> list[dict[str, Any]]:
    items = []
    for item in menu():
        if isinstance(item, Entry):
            link = _link(item, request)
            if link:
                items.append(link)
            continue
        children = [c for c in (_link(e, request) for e in section_entries(item.name)) if c]
        if children:
            active = any(child["active"] for child in children)
            items.append({"label": item.label, "children": children, "active": active})
    return items


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = _items(request)
    if user.is_staff:
        items.append({"label": _("Administration"), "url": reverse("admin:index"), "active": False})

    def my_communities() -> Any:
        if sees_all_communities(user):
            return None  # shown as "all communities"
        return community_names(user)

    return {
        "nav_items": items,
        "my_communities": my_communities,
        "sees_all": sees_all_communities(user),
    }
