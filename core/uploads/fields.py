"""One form field for several files at once (photos from a phone, sign-in sheets and slides)."""

from __future__ import annotations

from typing import Any

from django import forms


class MultipleFileInput(forms.ClearableFileInput):
    """A file input that lets the user pick several files."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field: cleans to the list of uploads, each checked as a FileField
    checks one (what they hold is checked when they are stored)."""

    widget = MultipleFileInput()

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class PhotosField(MultipleFileField):
    """Several photos at once (a phone's camera or gallery); what each holds is checked when it
    is stored (core.uploads.photos)."""

    widget = MultipleFileInput(
        attrs={"accept": "image/jpeg,image/png,image/webp", "capture": "environment"}
    )
