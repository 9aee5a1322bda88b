"""Lazy texts: messages filled in when shown, so they follow the reader's language."""

from typing import TYPE_CHECKING

from django.utils.functional import Promise, lazy

if TYPE_CHECKING:  # what gettext_lazy returns, as django-stubs (and ValidationError) know it
    from django.utils.functional import _StrPromise as LazyText
else:
    LazyText = Promise


def _percent(template: LazyText, params: dict[str, object]) -> str:
    return str(template) % params


# `template % params`, done when the text is shown rather than when it is made.
lazy_percent = lazy(_percent, str)
