"""How a person (a user account) is named on pages, in exports and in a row's history."""

from typing import Any


def person_name(user: Any) -> str:
    """A user's name as Chinese writes it: family name first, no space (马秀英), else the login."""
    full = f"{user.last_name}{user.first_name}".strip()
    return full or user.get_username()
