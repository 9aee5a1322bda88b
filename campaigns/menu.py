"""The campaigns' drop-down of the navigation bar (order 80, after casework's),
registered from CampaignsConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from core import navigation


def register() -> None:
    navigation.register_section(
        "campaigns",
        _("Campaigns"),
        order=80,
        entries=[
            (_("Activity log"), "campaigns:activity_list", "campaigns.view_activity"),
            (_("Activity calendar"), "campaigns:activity_month", "campaigns.view_activity"),
            (_("Visit records"), "campaigns:visit_list", "campaigns.view_visit"),
            (_("Visit coverage"), "campaigns:visit_coverage", "campaigns.view_visit"),
            (
                _("Anti-fraud app coverage"),
                "campaigns:anti_fraud_coverage",
                "campaigns.view_antifraudcoverage",
            ),
            (_("Publicity"), "campaigns:publicity_list", "campaigns.view_publicity"),
            (_("Yearly targets"), "campaigns:target_list", "campaigns.view_target"),
            (_("Evidence packs"), "campaigns:evidence_list", "campaigns.view_evidencepack"),
            (
                _("Leadership groups"),
                "campaigns:leadershipgroup_list",
                "campaigns.view_leadershipgroup",
            ),
            (_("Work documents"), "campaigns:workdocument_list", "campaigns.view_workdocument"),
            (
                _("Demonstration titles"),
                "campaigns:demonstration_list",
                "campaigns.view_demonstration",
            ),
            (_("Self-assessment"), "campaigns:assessment", "campaigns.view_selfscore"),
        ],
    )
