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
