"""The permission matrix's actions of people's moves (transfers, 分户/合户, merging duplicate
records) and of bulk edits, with the helpers of tests.permission_actions."""

from tests import permission_rows as rows
from tests.permission_kit import (
    DAY,
    DENIED,
    DONE,
    FORM,
    HIDDEN,
    HOUSEHOLD_CHANGE,
    KEPT,
    MC_EDIT,
    TRANSFER,
    Action,
    _bh,
    _bulk_confirm,
    _row,
    outcomes,
    posted,
)

MOVES: dict[str, Action] = {
    # Transfers: the receiving community answers (北环路's staff; 庙川's are told they may
    # not), the sending one withdraws; proposing is the sender's, from a 庙川 row.
    "ledgers:transfer_accept": Action(
        rows.make_transfer,
        posted(grid=""),
        TRANSFER,
        outcomes(DENIED, staff_bh=DONE, staff_mc=KEPT),
    ),
    "ledgers:transfer_refuse": Action(
        rows.make_transfer,
        posted(**{"refuse-reason": "未在本社区居住"}),
        TRANSFER,
        outcomes(DENIED, staff_bh=DONE, staff_mc=KEPT),
    ),
    "ledgers:transfer_withdraw": Action(
        rows.make_transfer,
        posted(),
        TRANSFER,
        outcomes(DENIED, staff_mc=DONE, grid_mc1=DONE, staff_bh=KEPT),
    ),
    "ledgers:transfer_correct": Action(
        rows.make_accepted_transfer,
        posted(**{"correct-reason": "误操作"}),
        TRANSFER,
        outcomes(DENIED, staff_bh=DONE, staff_mc=KEPT),
    ),
    "ledgers:transfer_propose": Action(
        _row("head"),
        lambda page: {"to_community": _bh(), "moved_on": DAY, "reason": "购房迁居"},
        TRANSFER,
        MC_EDIT,
    ),
    "ledgers:transfer_propose_household": Action(
        _row("household"),
        lambda page: {"to_community": _bh(), "moved_on": DAY, "reason": "购房迁居"},
        TRANSFER,
        MC_EDIT,
    ),
    # 分户 and 合户 (ledgers.moves.households), posted from their confirmation page.
    "ledgers:household_split": Action(
        _row("household"),
        lambda page: {
            "members": [page.people["wife"].pk],
            "head": page.people["wife"].pk,
            "address": "庙川路1号",
            "changed_on": DAY,
            "reason": "分户",
            "confirm": "1",
        },
        HOUSEHOLD_CHANGE,
        MC_EDIT,
    ),
    "ledgers:household_merge": Action(
        rows.household_to_merge,
        lambda page: {
            "target_number": page.people["household"].number,
            "head_relation": "50",
            "changed_on": DAY,
            "reason": "投靠子女",
            "confirm": "1",
        },
        HOUSEHOLD_CHANGE,
        MC_EDIT,
    ),
    # Merging two records of one person: the leaders, who see every community
    "ledgers:duplicate_merge": Action(
        rows.make_duplicate,
        lambda page: {
            "keep": page.row[0].pk,
            "seen": ":".join(f"{r.pk}.{r.version}" for r in page.row),
            "reason": "核对身份证，系同一人",
        },
        ("ledgers.Resident", "ledgers.ResidentMerge"),
        outcomes(DENIED, leader=DONE),
        args=lambda pair: [pair[0].pk, pair[1].pk],
    ),
    # Bulk edits: from the resident list as staff_mc's preview showed it (北环路's staff list
    # none of these rows: the page says there is nothing to change); undone by their author
    "bulkedit:run": Action(
        _row("head"),
        lambda page: _bulk_confirm(page),
        ("ledgers.Resident", "core.BulkEdit"),
        outcomes(DENIED, staff_mc=DONE, grid_mc1=DONE, staff_bh=FORM),
        args=lambda _row: ["residents", "resident-tag-add"],
    ),
    "bulkedit:undo": Action(
        rows.make_bulk_edit,
        posted(),
        ("ledgers.Resident", "core.BulkEdit"),
        outcomes(HIDDEN, staff_mc=DONE, leader=DENIED, county=DENIED, admin=DENIED, auditor=DENIED),
    ),
    # Marking notices read: one's own only (the others have none to mark).
    "notices:read": Action(
        rows.make_notice,
        posted(all="1"),
        ("core.Notice",),
        outcomes(KEPT, staff_mc=DONE),
        args=lambda _row: [],
    ),
}
