"""The base of the actions' parameter forms."""

from __future__ import annotations

from typing import Any

from django import forms


class NoParameters(forms.Form):
    """The form of an action that asks nothing more than the confirmation; an action's own form
    takes `user` too (to offer only the choices within the person's communities)."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
