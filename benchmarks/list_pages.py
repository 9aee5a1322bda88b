"""How list pages grow with their rows: time and queries at two sizes, and the ratio."""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

SMALL, LARGE = 1_000, 100_000
REPEAT = 15


def measure(client: Client, url: str) -> tuple[float, int]:
    client.get(url)  # warm up
    times = []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    return statistics.median(times), len(queries)


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        from ledgers import demo
        from ledgers.models import Assignment, AuditAction, AuditEvent, Community, Grid

        accounts = demo.seed()
        auditor, leader = Client(), Client()
        backend = "django.contrib.auth.backends.ModelBackend"
        auditor.force_login(accounts["auditor"], backend=backend)
        leader.force_login(accounts["leader"], backend=backend)

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
                Community(name=f"社区{i}", code=f"{620300000000 + i}")
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
            ("audit log, search", auditor, "/audit/?q=user42"),
            ("community list (leader)", leader, "/ledgers/communities/?sort=-grid_count"),
        ]
        results = {}
        for size in (SMALL, LARGE):
            grow(size)
            for label, client, url in pages:
                results[(label, size)] = measure(client, url)
        communities = f"{SMALL // 100:,} → {LARGE // 100:,} communities"
        print(f"rows: {SMALL:,} → {LARGE:,} audit events ({communities})")
        print(f"{'page':<32}{'small ms':>10}{'large ms':>10}{'ratio':>8}{'queries':>10}")
        for label, _client, _url in pages:
            (t_small, q_small), (t_large, q_large) = (
                results[(label, SMALL)],
                results[(label, LARGE)],
            )
            print(
                f"{label:<32}{t_small * 1000:>10.1f}{t_large * 1000:>10.1f}"
                f"{t_large / t_small:>8.2f}{f'{q_small}→{q_large}':>10}"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
