"""scim2-tester against the live server: discovery, then create, read,
attribute selection, replace, PATCH add, replace and remove, and delete of
every resource type the server publishes, over real HTTP with a provisioning
token. No check may fail (a check skipped is one the server declares it does
not support, such as searching several resource types at once)."""

from __future__ import annotations

import httpx2
import pytest
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server

from api.tokens import token_create


@pytest.mark.django_db(transaction=True)
def test_scim2_tester_finds_nothing_wrong(live_server):
    secret = token_create(name="scim2-tester", days=1, provisions=True).secret
    # Closed at the end, so no kept-alive connection holds the server's
    # thread (and its database connection) past the test.
    with httpx2.Client(
        base_url=f"{live_server.url}/scim/v2",
        headers={"Authorization": f"Bearer {secret}"},
        timeout=30,
    ) as http:
        results = check_server(SyncSCIMClient(http))
    failed = [r for r in results if r.status not in (Status.SUCCESS, Status.SKIPPED)]
    succeeded = [r for r in results if r.status == Status.SUCCESS]
    print(f"scim2-tester: {len(succeeded)} checks passed of {len(results)}")
    assert not failed, "\n".join(f"{r.title}: {r.reason}" for r in failed)
    assert len(succeeded) > 40
    checked = {r.resource_type for r in succeeded}
    assert {"User", "Group"} <= checked
