"""Filter sets of the ledgers app's lists (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import DateRangeWidget

from ledgers.models import AuditAction, AuditEvent, AuditOutcome, Community, DemonstrationLevel


class AuditEventFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(label=_("action"), choices=AuditAction.choices)
    outcome = django_filters.ChoiceFilter(label=_("outcome"), choices=AuditOutcome.choices)
    username = django_filters.CharFilter(label=_("user name"), lookup_expr="icontains")
    created_at = django_filters.DateFromToRangeFilter(
        label=_("date"), widget=DateRangeWidget(attrs={"type": "date"})
    )

    class Meta:
        model = AuditEvent
        fields = ["action", "outcome", "username", "created_at"]


class CommunityFilter(django_filters.FilterSet):
    demonstration_level = django_filters.ChoiceFilter(
        label=_("demonstration level"),
        choices=DemonstrationLevel.choices[1:],
    )

    class Meta:
        model = Community
        fields = ["demonstration_level"]
