"""The form of a leaf's self-score: the score, its explanation and the records cited as evidence,
chosen among the area's records of the year that its user sees."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from campaigns.activities.models import Activity
from campaigns.assessment.models import EvidenceKind, ScoreEvidence, SelfScore, points_text
from campaigns.coverage import year_range
from campaigns.creation.models import WorkDocument
from campaigns.publicity.models import Publicity
from campaigns.visits.models import Visit
from casework.models import Hazard
from ledgers.forms import ScopedModelForm

# form field → (the evidence's field, the model, its date field, whether office-wide rows are
# the community's too, what to fetch with each row to name it)
EVIDENCE_FIELDS: dict[str, tuple[str, Any, str, bool, list[str]]] = {
    "activities": (EvidenceKind.ACTIVITY, Activity, "held_on", True, []),
    "documents": (EvidenceKind.DOCUMENT, WorkDocument, "year", True, []),
    "visits": (EvidenceKind.VISIT, Visit, "visited_on", False, ["household"]),
    "publicity": (EvidenceKind.PUBLICITY, Publicity, "published_on", True, []),
    "hazards": (EvidenceKind.HAZARD, Hazard, "found_on", False, []),
}


def offered(user: Any, name: str, year: int, community_id: int | None) -> QuerySet[Any]:
    """The records a self-score of the area may cite: in the user's scope, of the year, of the
    community (with the office's own where a record can be office-wide) or, for the office's
    self-assessment, of any community the user sees."""
    _kind, model, day, office_wide, related = EVIDENCE_FIELDS[name]
    rows = model.objects.for_user(user).select_related(*related)
    if day == "year":
        rows = rows.filter(year=year)
    else:
        rows = rows.filter(**{f"{day}__range": year_range(year)})
    if community_id is not None:
        area = Q(community=community_id)
        if office_wide:
            area |= Q(community__isnull=True)
        rows = rows.filter(area)
    newest = f"-{day}" if day != "year" else "-issued_on"
    return rows.order_by(newest, "-pk")


class SelfScoreForm(ScopedModelForm):
    activities = forms.ModelMultipleChoiceField(
        label=_("Activities"), queryset=Activity.objects.none(), required=False
    )
    documents = forms.ModelMultipleChoiceField(
        label=_("Work documents"), queryset=WorkDocument.objects.none(), required=False
    )
    visits = forms.ModelMultipleChoiceField(
        label=_("Household visits"), queryset=Visit.objects.none(), required=False
    )
    publicity = forms.ModelMultipleChoiceField(
        label=_("Publicity items"), queryset=Publicity.objects.none(), required=False
    )
    hazards = forms.ModelMultipleChoiceField(
        label=_("Hazards"), queryset=Hazard.objects.none(), required=False
    )

    class Meta:
        model = SelfScore
        fields = ["score", "remark"]
        widgets = {
            "remark": forms.Textarea(attrs={"rows": 3}),
            "score": forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        score: SelfScore = self.instance
        indicator = score.indicator
        links = list(score.evidence.all()) if score.pk else []
        self.fields["score"].help_text = _("At most %(points)s points.") % {
            "points": points_text(indicator.points)
        }
        if indicator.computed_from:
            self.fields["score"].help_text += " " + str(
                _(
                    "This item scores itself from the records against the year's target; the "
                    "score given here counts only while no target is set."
                )
            )
        for name, (kind, model, _day, _office_wide, _related) in EVIDENCE_FIELDS.items():
            self.initial[name] = [
                getattr(link, f"{kind}_id") for link in links if link.kind == kind
            ]
            visible = model.objects.for_user(user)
            self.limit_choices(
                name, offered(user, name, indicator.year, score.community_id), visible
            )
            self.fields[name].widget.attrs.update({"size": 6, "class": "evidence-select"})
        self.fields["activities"].help_text = _("The activity's photos come with it.")

    def save(self, commit: bool = True) -> SelfScore:
        score: SelfScore = super().save(commit=commit)
        if commit:
            self.save_evidence(score)
        return score

    def save_evidence(self, score: SelfScore) -> None:
        """The links as chosen: new ones made, dropped ones removed (those the user cannot see
        were kept among the chosen by ScopedModelForm.clean)."""
        existing = {
            (link.kind, getattr(link, f"{link.kind}_id")): link for link in score.evidence.all()
        }
        chosen = {
            (kind, record.pk)
            for name, (kind, *_rest) in EVIDENCE_FIELDS.items()
            for record in self.cleaned_data.get(name) or []
        }
        for key, link in existing.items():
            if key not in chosen:
                link.delete()
        for kind, pk in sorted(chosen - set(existing)):
            ScoreEvidence.objects.create(score=score, **{f"{kind}_id": pk})
