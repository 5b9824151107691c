"""Timing the main pages as the personas see them, through Django's test client.

Each persona signs in (``force_login``: the membership is chosen by the middleware, as for anyone
with one membership, and the coordinator's and case worker's second factor is enrolled by the
generator). For every page the persona can open:

- the first request (cold: caches, a dashboard's snapshot) is timed apart, then warm-ups;
- R timed requests (``time.perf_counter`` around ``client.get``: the whole server side of the
  request, in process, without network), fewer when a page is so slow that R would overrun the
  per-page budget (the row then says how many);
- one more request inside ``CaptureQueriesContext`` for the query count and the page's bytes — a
  separate run, because capturing forces Django's debug cursor, which would inflate the timings;
- for the caseload and the case page, the same data fetched by hand-written SQL (``sql``), timed
  interleaved with the page so that a busy neighbour slows both alike; the caseload's SQL count
  and rows are checked against the page's, so the yardstick is known to fetch the same thing.

The caseload's filters and sorts are read from its own form on the page, so that a filter added to
the form is measured without editing this module (its SQL equivalent then shows as missing).
"""

from __future__ import annotations

import logging
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode

from django.db import OperationalError, connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.models import TeamMember
from coordination.models import Referral
from directory.models import Membership
from homecoming.bench import percentile, sql
from homecoming.bench.generate import PERSONAS
from mel.reports.forms import report_periods
from people.models import Participant

# Personas that work on cases: they have a caseload, case pages and an inbox of actions.
CASE_PERSONAS = ("coordinator", "case_worker", "psychologist")
# The section fetched alone, as htmx swaps it back after an inline edit (core.sections).
SWAP_SECTION = "notes"
# A filter value a practitioner would plausibly pick, where the form offers it; else its first.
PREFERRED = {"phase": "reintegration", "need_at_most": "2", "review_within": "30", "sex": "female", "age_band": "5-11"}
# Fields that filter only together with another (casework.caseload: the domain narrows "need at most").
COMPANIONS = {"need_domain": {"need_at_most": "2"}}


@dataclass
class Target:
    page: str
    variant: str
    persona: str
    url: str
    htmx: bool = False
    sql: Callable[[], dict] | None = None
    # The caseload: what the page's count and rows must match in the SQL's answer.
    compare: bool = False
    note: str = ""


@dataclass
class Row:
    page: str
    variant: str
    persona: str
    url: str
    status: int = 0
    first_ms: float | None = None
    p50_ms: float | None = None
    p95_ms: float | None = None
    repetitions: int = 0
    queries: int | None = None
    bytes: int | None = None
    sql_p50_ms: float | None = None
    sql_ratio: float | None = None
    note: str = ""
    times_ms: list[float] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Scene:
    """What the measurement needs from the generated data: the personas and the records they open."""

    memberships: dict[str, Membership]
    case_code: str
    referral_id: int | None


def find_scene() -> Scene:
    memberships = {
        name: Membership.objects.select_related("user", "organisation").get(user__username=username)
        for name, username in PERSONAS.items()
    }
    case_worker, psychologist = memberships["case_worker"], memberships["psychologist"]
    # A participant the case worker leads and the psychologist is on: all three case personas open it.
    case = (
        Participant.objects.filter(team__membership=case_worker, team__ended_at=None, team__is_lead=True)
        .filter(team__membership=psychologist, team__ended_at=None)
        .order_by("pk")
        .first()
    )
    if case is None:
        case = TeamMember.objects.current().filter(membership=case_worker).order_by("pk").first().participant
    referral = (
        Referral.objects.filter(to_organisation=memberships["partner"].organisation_id, status=Referral.Status.SENT)
        .order_by("pk")
        .first()
    ) or Referral.objects.filter(to_organisation=memberships["partner"].organisation_id).order_by("pk").first()
    return Scene(memberships, case.code, referral.pk if referral else None)


# --- Reading the pages -----------------------------------------------------------------------


class _FilterForm(HTMLParser):
    """The fields of the page's GET forms (the caseload's filters): selects with their options,
    inputs with their type. Hidden inputs (another app's narrowing) are left out."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, dict] = {}
        self._in_form = False
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            self._in_form = (found.get("method") or "get").lower() == "get"
        elif not self._in_form:
            return
        elif tag == "select" and found.get("name"):
            self._select = found["name"]
            self.fields[self._select] = {"kind": "select", "options": []}
        elif tag == "option" and self._select is not None:
            self.fields[self._select]["options"].append(found.get("value") or "")
        elif tag == "input" and found.get("name") and (found.get("type") or "text") != "hidden":
            self.fields.setdefault(found["name"], {"kind": found.get("type") or "text", "options": []})

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None


def filter_fields(html: str) -> dict[str, dict]:
    parser = _FilterForm()
    parser.feed(html)
    return parser.fields


def listed_count(html: str) -> int | None:
    """The caseload's "N participants" line."""
    found = re.search(r">\s*([\d,\u00a0 ]+?)\s+participants?\s*<", html)
    return int(re.sub(r"\D", "", found.group(1))) if found else None


def listed_codes(html: str) -> list[str]:
    """Participant codes the page links to, in page order."""
    pattern = re.escape(reverse("participant", args=["CODE"])).replace("CODE", r"([A-Z0-9]{4}-[A-Z0-9]{4})")
    return list(dict.fromkeys(re.findall(pattern, html)))


def last_page(html: str) -> int:
    found = re.search(r"Page \d+ of (\d+)", html)
    return int(found.group(1)) if found else 1


def sections_on(html: str) -> list[str]:
    return re.findall(r"<section[^>]*\bid=\"([a-z_]+)\"", html)


def _value(name: str, spec: dict, case_code: str) -> str | None:
    if spec["kind"] == "checkbox":
        return "on"
    if spec["kind"] == "select":
        offered = [o for o in spec["options"] if o]
        if not offered:
            return None
        return PREFERRED[name] if PREFERRED.get(name) in offered else offered[0]
    if name == "code":
        return case_code[:4]  # the first half of a code, as someone types it
    return None


def caseload_variants(html: str, case_code: str) -> list[tuple[str, dict[str, str]]]:
    """Each filter the caseload's form offers (alone, or with the field it needs), each sort, page 50."""
    fields = filter_fields(html)
    variants: list[tuple[str, dict[str, str]]] = []
    for name, spec in fields.items():
        if name in ("sort", "page"):
            continue
        value = _value(name, spec, case_code)
        if value is None:
            continue
        query = {name: value, **COMPANIONS.get(name, {})}
        variants.append(("&".join(f"{k}={v}" for k, v in query.items()), query))
    sorts = [o for o in fields.get("sort", {}).get("options", []) if o]
    for sort in sorts[1:]:  # the first is the default: the first page already measures it
        variants.append((f"sort={sort}", {"sort": sort}))
    if last_page(html) >= 50:
        variants.append(("page 50", {"page": "50"}))
    return variants


# --- Timing ----------------------------------------------------------------------------------


def _get(client: Client, target: Target) -> HttpResponse:
    headers = {"HX-Request": "true"} if target.htmx else {}
    return client.get(target.url, secure=True, headers=headers)


def _timed(call: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return (time.perf_counter() - started) * 1000, result


class Deadline:
    """Stops a query that runs longer than ``seconds``, so that one pathological page (minutes at 10k)
    cannot hold the whole run; its row then says so. PostgreSQL: ``statement_timeout``. SQLite: the
    connection's progress handler (called every few thousand steps of its virtual machine) stops the
    statement once an execute wrapper's per-query clock has run out. Either way the database raises
    OperationalError inside the view, as it would for a real request."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.fired = False
        self._until: float | None = None
        self._installed_on: int | None = None

    def arm(self) -> None:
        """Before a request: (re)installs the limit on the current connection."""
        self.fired = False
        connection.ensure_connection()
        raw = connection.connection
        if id(raw) == self._installed_on:
            return
        if self._clock not in connection.execute_wrappers:
            connection.execute_wrappers.append(self._clock)
        if connection.vendor == "sqlite":
            raw.set_progress_handler(self._stop, 20_000)
        elif connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET statement_timeout = {int(self.seconds * 1000)}")
        self._installed_on = id(raw)

    def _clock(self, execute, sql, params, many, context):
        # Once a query of the request was stopped, the rest of the request fails at once: a page
        # that catches the error and queries again (templates do) would otherwise wait again.
        if self.fired:
            raise OperationalError("stopped by the benchmark's deadline")
        self._until = time.monotonic() + self.seconds
        try:
            return execute(sql, params, many, context)
        except OperationalError as error:
            self.fired = self.fired or getattr(error.__cause__, "sqlstate", None) == "57014"
            raise
        finally:
            self._until = None

    def _stop(self) -> int:
        if self._until is not None and time.monotonic() > self._until:
            self.fired = True
            return 1
        return 0

    @property
    def stopped(self) -> bool:
        """Whether this limit stopped a query of the current request (PostgreSQL's query_canceled,
        or SQLite's progress handler)."""
        return self.fired

    def quiet(self, record: logging.LogRecord) -> bool:
        """A logging filter: nothing from a request this deadline stopped."""
        return not self.fired

    def disarm(self) -> None:
        if self._clock in connection.execute_wrappers:
            connection.execute_wrappers.remove(self._clock)
        if self._installed_on is not None and connection.connection is not None:
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET statement_timeout = 0")
            else:
                connection.connection.set_progress_handler(None, 0)
        self._installed_on = None


class Stopped(Exception):
    """A request ran past the deadline."""


def _request(client: Client, target: Target, deadline: Deadline | None) -> HttpResponse:
    if deadline is not None:
        deadline.arm()
    try:
        return _get(client, target)
    except OperationalError as error:
        if deadline is not None and deadline.stopped:
            raise Stopped from error
        raise


def measure_target(
    client: Client, target: Target, *, repeat: int, warmup: int, budget: float, deadline: Deadline | None = None
) -> Row:
    """Times one page; a page stopped by the deadline, or failing, gets a row that says so."""
    try:
        return _measure(client, target, repeat=repeat, warmup=warmup, budget=budget, deadline=deadline)
    except Stopped:
        return Row(
            target.page,
            target.variant,
            target.persona,
            target.url,
            note=f"stopped: a query ran past {deadline.seconds:.0f} s",
        )
    except Exception as error:  # a broken page is a finding: the other pages are still measured
        return Row(
            target.page, target.variant, target.persona, target.url, status=500, note=f"error: {type(error).__name__}"
        )


def _measure(client: Client, target: Target, *, repeat: int, warmup: int, budget: float, deadline) -> Row:
    """Times one page. With no warm-up (the smoke test), the first, cold request is the one timing."""
    row = Row(target.page, target.variant, target.persona, target.url, note=target.note)
    row.first_ms, response = _timed(lambda: _request(client, target, deadline))
    row.status = response.status_code
    if row.status != 200:
        return row
    last_ms = row.first_ms
    for _ in range(max(0, warmup - 1)):
        last_ms, _response = _timed(lambda: _request(client, target, deadline))
    sql_times: list[float] = []
    sql_ms, expected = 0.0, None
    if target.sql is not None:
        try:
            sql_ms, expected = _timed(target.sql)
            if warmup == 0:
                sql_times.append(sql_ms)
        except sql.Unsupported as missing:
            target.sql, row.note = None, f"no SQL for {missing}"
    if warmup == 0:
        row.times_ms.append(round(row.first_ms, 3))
    # A page too slow for R timings within the budget gets fewer: 3 while each fits in the budget
    # (p95 is then the slowest of them), one beyond (the row's n says so).
    per_request = last_ms + sql_ms
    fits = int(budget * 1000 / per_request) if per_request else repeat
    row.repetitions = min(repeat, max(fits, 3 if fits >= 1 else 1))
    for _ in range(row.repetitions - len(row.times_ms)):
        elapsed, _response = _timed(lambda: _request(client, target, deadline))
        row.times_ms.append(round(elapsed, 3))
        if target.sql is not None:
            sql_times.append(_timed(target.sql)[0])
    with CaptureQueriesContext(connection) as queries:
        response = _request(client, target, deadline)
    row.queries, row.bytes = len(queries), len(response.content)
    row.p50_ms = statistics.median(row.times_ms)
    row.p95_ms = percentile(row.times_ms, 0.95)
    if sql_times:
        row.sql_p50_ms = statistics.median(sql_times)
        row.sql_ratio = row.p50_ms / row.sql_p50_ms if row.sql_p50_ms else None
    if target.compare and expected is not None:
        row.note = _compare(response.content.decode(), expected)
    return row


def _compare(html: str, expected: dict) -> str:
    """Empty when the page lists what the SQL fetched; else what differs (the ratio is then suspect)."""
    count, codes = listed_count(html), listed_codes(html)
    problems = []
    if count != expected["count"]:
        problems.append(f"count page={count} sql={expected['count']}")
    missing = [code for code in expected["codes"] if code not in codes]
    if missing:
        problems.append(f"{len(missing)} of {len(expected['codes'])} SQL rows not on the page")
    return "; ".join(problems)


# --- The pages ---------------------------------------------------------------------------------


def _client(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def _read_page(client: Client, url: str, deadline: Deadline | None) -> str:
    """A page's HTML for planning (empty when it does not answer 200 in time)."""
    try:
        response = _request(client, Target("", "", "", url), deadline)
    except Exception:  # stopped or broken: measured, and reported, as its own row
        return ""
    return response.content.decode() if response.status_code == 200 else ""


def plan_targets(scene: Scene, clients: dict[str, Client], deadline: Deadline | None = None) -> list[Target]:
    """Every page each persona can open, with its hand-written SQL where there is one."""
    code = scene.case_code
    targets: list[Target] = []
    for persona in CASE_PERSONAS:
        membership, client = scene.memberships[persona], clients[persona]
        reader = sql.Reader.of(membership)
        caseload_url = reverse("participant_list")
        html = _read_page(client, caseload_url, deadline)
        targets.append(
            Target("caseload", "first page", persona, caseload_url, sql=_caseload_sql(reader, {}), compare=True)
        )
        for label, query in caseload_variants(html, code):
            targets.append(
                Target(
                    "caseload",
                    label,
                    persona,
                    f"{caseload_url}?{urlencode(query)}",
                    sql=_caseload_sql(reader, query),
                    compare=True,
                )
            )
        case_url = reverse("participant", args=[code])
        shown = sections_on(_read_page(client, case_url, deadline))
        targets.append(Target("case page", "", persona, case_url, sql=_case_sql(reader, code, shown)))
        if SWAP_SECTION in shown:
            targets.append(
                Target(
                    "section swap",
                    SWAP_SECTION,
                    persona,
                    reverse("participant_section", args=[code, SWAP_SECTION]),
                    htmx=True,
                    sql=_case_sql(reader, code, [SWAP_SECTION]),
                )
            )
        targets.append(Target("inbox", "", persona, reverse("inbox")))
        # Fetched by every full page once it has loaded (app.js), apart from the page's own time.
        targets.append(Target("inbox count", "", persona, reverse("inbox_count")))
        targets.append(Target("home", "", persona, reverse("home")))
    targets.append(Target("inbox", "", "partner", reverse("inbox")))
    targets.append(Target("inbox count", "", "partner", reverse("inbox_count")))
    targets.append(Target("home", "", "partner", reverse("home")))
    if scene.referral_id is not None:
        targets.append(Target("referral", "", "partner", reverse("referral", args=[scene.referral_id])))
    targets.append(Target("home", "", "me_officer", reverse("home")))
    targets.append(Target("indicators", "dashboard", "me_officer", reverse("indicators")))
    targets.append(Target("reports", "list", "me_officer", reverse("reports")))
    report_url = _start_report(clients["me_officer"], deadline)
    if report_url:
        targets.append(Target("reports", "draft preview", "me_officer", report_url))
    return targets


def _caseload_sql(reader: sql.Reader, query: dict[str, str]) -> Callable[[], dict]:
    return lambda: sql.caseload(reader, query)


def _case_sql(reader: sql.Reader, code: str, sections: list[str]) -> Callable[[], dict]:
    return lambda: sql.case_page(reader, code, sections)


def _start_report(client: Client, deadline: Deadline | None) -> str:
    """The M&E officer starts a draft of the last complete quarter's report (the page's own form):
    its page builds the report's preview, which is what is timed."""
    if deadline is not None:
        deadline.arm()
    response = client.post(reverse("report_start"), {"period": report_periods()[0].code}, secure=True)
    return response["Location"] if response.status_code == 302 else ""


def run(
    *,
    repeat: int = 20,
    warmup: int = 2,
    budget: float = 20.0,
    timeout: float = 30.0,
    log: Callable[[str], None] = print,
) -> list[Row]:
    scene = find_scene()
    clients = {name: _client(membership) for name, membership in scene.memberships.items()}
    deadline = Deadline(timeout)
    # A page stopped by the deadline would log its traceback as a server error; the row says it.
    request_log = logging.getLogger("django.request")
    request_log.addFilter(deadline.quiet)
    rows = []
    try:
        # Planning reads the pages too (the caseload's form, the case page's sections): under the deadline.
        targets = plan_targets(scene, clients, deadline)
        for target in targets:
            row = measure_target(
                clients[target.persona], target, repeat=repeat, warmup=warmup, budget=budget, deadline=deadline
            )
            rows.append(row)
            log(f"  {row.page} {row.variant} ({row.persona}): {row.status} {row.p50_ms or 0:.1f} ms {row.note}")
    finally:
        deadline.disarm()
        request_log.removeFilter(deadline.quiet)
    return rows
