"""What each role may do in the campaigns: the permissions CampaignsConfig.ready() declares to
core's roles.

Activities (with their photos, attachments and named attendees), visits, publicity and
anti-fraud app coverage are field work; the leaders set the yearly targets.

The creation file (创建档案) is read by everyone who reads the campaigns; a community's staff keep
its leadership group, work documents and demonstration titles, the leaders keep the office's own
(campaigns.creation.rules says which row each may write). The self-assessment (测评指标自评)
is part of the file: a community's self-scores kept by its staff, the office's by the leaders;
the system administrator keeps the indicator tree in /admin/.
"""

from core.roles import COUNTY, GRID_WORKER, LEADER, STAFF, SYSADMIN, permissions

CAMPAIGN_RECORDS = ["activity", "visit", "publicity", "antifraudcoverage"]
CAMPAIGN_FILES = ["activityphoto", "activityattachment"]
CREATION_RECORDS = ["leadershipgroup", "workdocument", "demonstration", "selfscore"]
CREATION_READ = permissions(
    "campaigns", ["view"], [*CREATION_RECORDS, "workdocumentfile", "assessmentindicator"]
)
CREATION_KEEP = [
    *permissions("campaigns", ["add", "change"], CREATION_RECORDS),
    *permissions("campaigns", ["add", "delete"], ["workdocumentfile"]),
]
CAMPAIGNS_READ = [
    *permissions("campaigns", ["view"], [*CAMPAIGN_RECORDS, *CAMPAIGN_FILES]),
    *CREATION_READ,
    "campaigns.view_target",
    # Whoever reads the records may pack them for an inspection (迎检材料), and remove the pack.
    *permissions("campaigns", ["view", "add", "delete"], ["evidencepack"]),
]
CAMPAIGNS_EDIT = [
    *CAMPAIGNS_READ,
    *permissions("campaigns", ["add", "change"], CAMPAIGN_RECORDS),
    *permissions("campaigns", ["import"], ["visit", "publicity"]),
    # A wrong photo or file is removed; the records themselves are never hard-deleted.
    *permissions("campaigns", ["add", "delete"], CAMPAIGN_FILES),
]
TARGETS_SET = permissions("campaigns", ["add", "change"], ["target"])

PERMISSIONS: dict[str, list[str]] = {
    STAFF: [*CAMPAIGNS_EDIT, *CREATION_KEEP],
    GRID_WORKER: CAMPAIGNS_EDIT,
    LEADER: [*CAMPAIGNS_READ, *TARGETS_SET, *CREATION_KEEP, "campaigns.keep_office_file"],
    COUNTY: CAMPAIGNS_READ,
    SYSADMIN: permissions(
        "campaigns", ["view", "add", "change", "delete"], ["assessmentindicator"]
    ),
}
