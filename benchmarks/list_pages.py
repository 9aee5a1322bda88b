"""How the audit log and the community list grow with their rows: time, queries, ratio."""

from harness import analyze, measure, report, signed_in, throwaway_database

SMALL, LARGE = 1_000, 100_000


def main() -> None:
    with throwaway_database():
        from core.models import AuditAction, AuditEvent
        from demo import accounts as demo
        from ledgers.models import Assignment, Community, Grid

        accounts = demo.seed(people=False)
        auditor, leader = signed_in(accounts["auditor"]), signed_in(accounts["leader"])

        def grow(total: int) -> None:
            have = AuditEvent.objects.count()
            AuditEvent.objects.bulk_create(
                (
                    AuditEvent(username=f"user{i % 300}", action=AuditAction.EXPORT, target="台账")
                    for i in range(have, total)
                ),
                batch_size=5_000,
            )
            have = Community.objects.count()
            communities = Community.objects.bulk_create(
                Community(name=f"社区{i}", code=f"{620300000000 + i}", short_code=f"B{i}")
                for i in range(have, total // 100)
            )
            Grid.objects.bulk_create(
                Grid(community=c, name="第1网格", code="G-01") for c in communities
            )
            Assignment.objects.bulk_create(
                Assignment(user=accounts["staff_mc"], community=c) for c in communities
            )

        pages = [
            ("audit log, filtered by action", auditor, "/audit/?action=export"),
            ("audit log, one user", auditor, "/audit/?username=user42"),
            ("community list (leader)", leader, "/ledgers/communities/?sort=-grid_count"),
        ]
        results = {}
        for size in (SMALL, LARGE):
            grow(size)
            analyze()
            for label, client, url in pages:
                results[(label, size)] = measure(client, url)
        report(
            f"audit events: {SMALL:,} → {LARGE:,}; communities: {SMALL // 100} → {LARGE // 100:,}",
            ("small ms", "large ms"),
            [(label, results[(label, SMALL)], results[(label, LARGE)]) for label, _c, _u in pages],
        )


if __name__ == "__main__":
    main()
