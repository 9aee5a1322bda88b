"""What each role may do in casework (hazards, inspections, insurance, assistance): the
permissions CaseworkConfig.ready() declares to core's roles."""

from core.roles import COUNTY, GRID_WORKER, LEADER, STAFF, SYSADMIN, permissions

HAZARDS_READ = ["casework.view_hazard", "casework.view_hazardaction"]
HAZARDS_EDIT = [
    *HAZARDS_READ,
    "casework.add_hazard",
    "casework.change_hazard",
    "casework.import_hazard",
    "casework.report_hazard",
]
HAZARDS_DECIDE = [
    "casework.review_hazard",
    "casework.decide_extension",
    "casework.reopen_hazard",
    "casework.report_hazard",
    "casework.change_hazard_level",
    "casework.supervise_hazard",
]
INSPECTIONS_READ = ["casework.view_inspection"]
INSPECTIONS_EDIT = [*INSPECTIONS_READ, "casework.add_inspection", "casework.change_inspection"]
# Inspection plans: those who inspect plan for their communities, leaders for any or the office.
PLANS_READ = ["casework.view_inspectionplan"]
PLANS_EDIT = [*PLANS_READ, "casework.add_inspectionplan", "casework.change_inspectionplan"]
# The festival dates plans before 古尔邦节 and 开斋节 need: the administrator enters each year's.
FESTIVAL_DATES = permissions("casework", ["view", "add", "change"], ["festivaldate"])
INSURANCE_READ = ["casework.view_insuranceenrolment"]
INSURANCE_EDIT = permissions(
    "casework", ["view", "add", "change", "import"], ["insuranceenrolment"]
)
# Assistance cases: handling (grid workers too), recording decisions and payment (office), and
# the income, hardship and amounts (sensitive: not the county's unless it is granted them).
ASSISTANCE_READ = ["casework.view_assistancecase", "casework.view_caseaction"]
ASSISTANCE_HANDLE = [
    *ASSISTANCE_READ,
    "casework.add_assistancecase",
    "casework.change_assistancecase",
    "casework.view_assistance_details",
]
ASSISTANCE_DECIDE = ["casework.record_assistance_decision"]

PERMISSIONS: dict[str, list[str]] = {
    STAFF: [
        *HAZARDS_EDIT,
        *INSPECTIONS_EDIT,
        *PLANS_EDIT,
        *INSURANCE_EDIT,
        *ASSISTANCE_HANDLE,
        *ASSISTANCE_DECIDE,
    ],
    GRID_WORKER: [
        *HAZARDS_EDIT,
        *INSPECTIONS_EDIT,
        *PLANS_EDIT,
        *INSURANCE_EDIT,
        *ASSISTANCE_HANDLE,
    ],
    LEADER: [
        *HAZARDS_READ,
        *HAZARDS_DECIDE,
        *INSPECTIONS_READ,
        *PLANS_EDIT,
        *INSURANCE_READ,
        # Leaders read the cases, their incomes and amounts, and record the decisions; the
        # applications themselves are drafted and kept by the communities.
        *ASSISTANCE_READ,
        "casework.view_assistance_details",
        *ASSISTANCE_DECIDE,
    ],
    COUNTY: [*HAZARDS_READ, *INSPECTIONS_READ, *PLANS_READ, *INSURANCE_READ, *ASSISTANCE_READ],
    SYSADMIN: FESTIVAL_DATES,
}
