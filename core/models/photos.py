"""The abstract photo: a checked, metadata-free picture and its thumbnail, served only in scope."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.scope import ScopedQuerySet


def photo_path(photo: Any, filename: str) -> str:
    return filename  # the name comes from core.uploads.photos.photo_name: not guessable


class Photo(models.Model):
    """A photo uploaded by staff; a concrete subclass adds what it shows and its `scope_path`."""

    image = models.FileField(_("photo"), upload_to=photo_path)
    thumbnail = models.FileField(_("thumbnail"), upload_to=photo_path)
    content_type = models.CharField(max_length=20)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by")
    )

    objects = ScopedQuerySet.as_manager()
    scope_path: ClassVar[str]

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]


class StoredFile(models.Model):
    """A file kept with a record (an activity's sign-in sheet, a work document's text): checked
    by its content (core.uploads.attachments), stored under a name nobody can guess, downloaded
    in scope only. A concrete subclass adds its record, its `scope_path` and its manager."""

    file = models.FileField(_("file"), upload_to=photo_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by")
    )

    scope_path: ClassVar[str]

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
