"""What each role may do in the ledgers (people, places, areas, access requests): the
permissions LedgersConfig.ready() declares to core's roles."""

from core.roles import COUNTY, GRID_WORKER, LEADER, SECURITY, STAFF, SYSADMIN, permissions

PEOPLE_AND_PLACES = [
    "household",
    "resident",
    "floatingrecord",
    "stratamembership",
    "overseastie",
    "studyabroad",
    "business",
    "place",
]
AREAS_READ = ["ledgers.view_community", "ledgers.view_grid"]
LEDGERS_READ = permissions("ledgers", ["view"], PEOPLE_AND_PLACES)
LEDGERS_EDIT = permissions("ledgers", ["view", "add", "change", "import"], PEOPLE_AND_PLACES)
# Granting a role or community that sees residents' data takes a second person
# (ledgers.areas.grants).
GRANTS_DECIDE = ["ledgers.view_rolegrant", "ledgers.approve_rolegrant"]
# Moves: where people lived when, transfers between communities, households split and merged.
MOVES_READ = permissions("ledgers", ["view"], ["residenceperiod", "transfer", "householdchange"])
MOVES_EDIT = [*MOVES_READ, "ledgers.add_transfer", "ledgers.add_householdchange"]

PERMISSIONS: dict[str, list[str]] = {
    # Staff keep the ledgers of their communities; nobody hard-deletes a ledger row.
    STAFF: [
        *AREAS_READ,
        "ledgers.change_grid",
        *LEDGERS_EDIT,
        "ledgers.view_full_id_number",
        "ledgers.view_religion",
        "ledgers.change_ethnicity",
        *MOVES_EDIT,
        "ledgers.answer_transfer",
    ],
    # Grid workers do the same work in the field; religion stays with the staff.
    GRID_WORKER: [*AREAS_READ, *LEDGERS_EDIT, "ledgers.view_full_id_number", *MOVES_EDIT],
    # Leaders see every community: they find duplicate records across the office and merge them.
    LEADER: [
        "ledgers.view_all_communities",
        *AREAS_READ,
        *LEDGERS_READ,
        *GRANTS_DECIDE,
        *MOVES_READ,
        "ledgers.view_residentmerge",
        "ledgers.merge_resident",
    ],
    COUNTY: ["ledgers.view_all_communities", *AREAS_READ, *LEDGERS_READ, *MOVES_READ],
    # Accounts and areas in the admin; no resident data, no in-app ledger pages.
    SYSADMIN: [
        "ledgers.add_community",
        "ledgers.change_community",
        "ledgers.add_grid",
        "ledgers.change_grid",
        "ledgers.add_assignment",
        "ledgers.change_assignment",
        "ledgers.delete_assignment",
        "ledgers.view_rolegrant",
    ],
    # Decides the access requests the system administrator files (ledgers.areas.grants); no resident
    # data. Leaders decide them too.
    SECURITY: [*GRANTS_DECIDE],
}
