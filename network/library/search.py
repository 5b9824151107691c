"""Full-text search of practices, in every language at once (issue 13 §1).

On PostgreSQL: ``SearchVector``/``SearchQuery`` with the 'simple' configuration. PostgreSQL ships
no stemming dictionary for Kazakh, and a practice is found by readers of all three languages,
so one language-neutral configuration (lower-case words, no stemming, no stop words) serves
English, Russian and Kazakh alike. Each word matches as a prefix (``школ:*``), which stands in
for stemming in languages whose words change their endings.

On SQLite (the embedded default): an FTS5 table ``network_practice_fts`` made by a migration and
kept in step by ``network.library.actions`` (``index``), with the same prefix matching.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import QuerySet

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 8


def words(text: str) -> list[str]:
    """The words of a query, lower-cased; punctuation and operators dropped, so nothing is syntax."""
    return [word.lower() for word in _WORD.findall(text or "")][:MAX_WORDS]


def matching(queryset: QuerySet, text: str) -> QuerySet:
    """The practices of ``queryset`` whose texts or translations contain every word of ``text``."""
    terms = words(text)
    if not terms:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.filter(pk__in=_postgres_ids(terms))
    return queryset.filter(pk__in=_sqlite_ids(terms))


def _postgres_ids(terms: list[str]):
    from django.contrib.postgres.search import SearchQuery, SearchVector

    from network.library.models import Practice

    query = SearchQuery(" & ".join(f"{term}:*" for term in terms), config="simple", search_type="raw")
    # One document per practice: its own texts and every translation's, so that a query may
    # mix words of the original and of a translation.
    document = SearchVector(
        "title",
        "summary",
        "what_was_done",
        "evidence_text",
        "translations__title",
        "translations__summary",
        "translations__what_was_done",
        config="simple",
    )
    return Practice.objects.annotate(document=document).filter(document=query).values("pk")


def _sqlite_ids(terms: list[str]) -> list[int]:
    # Each word quoted (no FTS5 operator can be smuggled in) and matched as a prefix.
    expression = " ".join('"{}"*'.format(term.replace('"', "")) for term in terms)
    with connection.cursor() as cursor:
        cursor.execute("SELECT practice_id FROM network_practice_fts WHERE network_practice_fts MATCH %s", [expression])
        return [row[0] for row in cursor.fetchall()]


def index(practice) -> None:
    """Puts the practice's current texts in the SQLite search table (PostgreSQL reads the rows)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM network_practice_fts WHERE practice_id = %s", [practice.pk])
        cursor.execute(
            "INSERT INTO network_practice_fts (practice_id, body) VALUES (%s, %s)",
            [practice.pk, practice.search_text()],
        )


def forget(practice_id: int) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM network_practice_fts WHERE practice_id = %s", [practice_id])


def filtered(access, filters) -> QuerySet:
    """The practices ``access`` (rules.LibraryAccess) may read that a LibraryFilter finds: the
    library page's list and the API's alike."""
    practices = access.practices()
    # JSON lists are matched on their text ('"code"'), which SQLite and PostgreSQL both do.
    for name, field in (("phase", "phases"), ("domain", "domains"), ("group", "target_groups")):
        if code := filters.value(name):
            practices = practices.filter(**{f"{field}__icontains": f'"{code}"'})
    if evidence := filters.value("evidence"):
        practices = practices.filter(evidence_strength=evidence)
    if status := filters.value("status"):
        practices = practices.filter(status=status)
    return matching(practices, filters.value("q"))
