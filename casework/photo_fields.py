"""The photos field of casework's forms: several photos at once, each checked by its content."""

from __future__ import annotations

from typing import Any

from django import forms


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos at once (a phone's camera or gallery); each is checked by its content."""

    widget = MultipleFileInput(
        attrs={"accept": "image/jpeg,image/png,image/webp", "capture": "environment"}
    )

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(PhotosField, self).clean(item, initial) for item in files]
