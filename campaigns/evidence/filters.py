"""The filter of the evidence packs list: by status."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from campaigns.evidence.models import EvidencePack, EvidenceStatus


class EvidenceFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("status"), choices=EvidenceStatus.choices)

    class Meta:
        model = EvidencePack
        fields = ["status"]
