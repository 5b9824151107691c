"""The inbox and the home page read a user's newest referrals and unread notices from an index, in
its order, never by sorting everything the organisation ever received.

A CSO receives a referral, and a notice of it, for every participant it helps: at national scale
tens of thousands over the years, of which a few hundred open or unread (issue 15). Here 1,500 of
each, mostly closed or read; the database's own plan must read them by the index that serves the
query, and (for the lists) in that index's order.
"""

import datetime
import json
import re

import pytest
from django.db import connection
from django.utils import timezone

from access import policy
from casework.models import NeedsDomain
from coordination import inbox
from coordination.models import Referral
from notices.models import Notice

ROWS = 1_500


@pytest.fixture
def busy_partner(family, case_worker, cso_partner, city_a):
    """The CSO with ROWS referrals about the family's mother (one in ten open) and ROWS notices (one in
    ten unread), a minute apart."""
    domain = NeedsDomain.objects.filter(is_active=True).first()
    start, today = timezone.now() - datetime.timedelta(days=ROWS), timezone.localdate()
    statuses = [Referral.Status.SENT, Referral.Status.ACCEPTED] + [Referral.Status.DONE] * 18
    Referral.objects.bulk_create(
        Referral(
            participant=family.mother,
            from_organisation=city_a.social,
            to_organisation=city_a.cso,
            domain=domain,
            request="x",
            status=statuses[n % len(statuses)],
            respond_by=today,
            expires_on=today,
            created_by=case_worker,
            created_at=start + datetime.timedelta(minutes=n),
        )
        for n in range(ROWS)
    )
    Notice.objects.bulk_create(
        Notice(
            recipient=cso_partner,
            kind=Notice.Kind.REFERRAL,
            created_at=start + datetime.timedelta(minutes=n),
            read_at=None if n % 10 == 0 else start + datetime.timedelta(minutes=n + 1),
        )
        for n in range(ROWS)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return cso_partner.memberships.get()


def _plan(queryset) -> tuple[set[str], bool]:
    """The indexes the plan reads, and whether it sorts rows (beyond a tie-break within equal keys)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # At this size a whole-table read would be as cheap: priced out, a query must still find
            # its rows and their order by index when it can.
            cursor.execute("SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off")
            try:
                cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
                text = json.dumps(cursor.fetchone()[0])
            finally:
                cursor.execute("RESET enable_seqscan; RESET enable_bitmapscan; RESET enable_sort")
            return set(_names(json.loads(text))), '"Node Type": "Sort"' in text
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        details = [row[3] for row in cursor.fetchall()]
    indexes = {m for d in details for m in re.findall(r"USING (?:COVERING )?INDEX (\S+)", d)}
    return indexes, any("TEMP B-TREE FOR ORDER BY" in d for d in details)


def _names(node) -> list[str]:
    if isinstance(node, dict):
        own = [node["Index Name"]] if "Index Name" in node else []
        return own + [n for v in node.values() for n in _names(v)]
    if isinstance(node, list):
        return [n for v in node for n in _names(v)]
    return []


def test_the_referrals_waiting_and_in_service_are_read_newest_first_from_their_index(busy_partner):
    index = _indexes_by_columns("coordination_referral")[("to_organisation_id", "status", "created_at")]
    for status in Referral.OPEN:
        listed = policy.referrals_received(busy_partner).filter(status=status)[:50]
        assert _plan(listed) == ({index}, False), status
    assert _plan(inbox.referrals_waiting(busy_partner)[:50]) == ({index}, False)


def test_the_unread_notices_are_read_newest_first_from_their_index(busy_partner):
    unread = busy_partner.user.notices.filter(read_at__isnull=True)[:50]
    assert _plan(unread) == ({"notice_unread"}, False)
    assert len(unread) == 50 and list(unread) == sorted(unread, key=lambda n: n.created_at, reverse=True)


def test_the_referrals_a_user_sent_are_found_from_the_user_not_from_their_whole_organisation(busy_partner, case_worker):
    # By who sent them or by the participants the user may see: either starts from the user's own
    # rows. Reading every referral the organisation sent (its index, or the table) does not.
    membership = case_worker.memberships.get()
    sent = policy.referrals_sent(membership).filter(created_by=case_worker, status__in=Referral.OPEN)
    indexes, _sorts = _plan(sent[:8])
    by_column = _indexes_by_columns("coordination_referral")
    from_the_user = {
        by_column[columns]
        for columns in [("created_by_id", "status"), ("participant_id", "status"), ("participant_id",)]
    }
    assert indexes & from_the_user
    assert by_column[("from_organisation_id",)] not in indexes


def _indexes_by_columns(table: str) -> dict[tuple[str, ...], str]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {tuple(c["columns"]): name for name, c in constraints.items() if c["index"] and not c["primary_key"]}
