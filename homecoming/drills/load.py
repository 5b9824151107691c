"""The load drill (issue 16 §1): simulated users mixing the real workflows over HTTP, and the audit
chain's write rate.

Each simulated user is a thread with a ``Browser`` (its own signed-in session) that, until the time
is up, picks a step by its role's weights, runs it through the real pages and forms, and thinks for
a moment (``think``: uniform between 0 and twice it). The case work (case workers, coordinators,
psychologists) starts from the caseload's first page or a filter offered on it, opens a case, swaps
its notes section back in as htmx does, and writes: a contact note, a needs assessment, the plan's
review date, a referral to the city's CSO (only with the categories the page marks as consented),
a screening. A partner reads the inbox and the referral and accepts it. Every contact note carries a
unique marker token (``browser.MARKER_PREFIX``), so that the checks afterwards find each acknowledged one.

``closed_loop`` measures throughput: every user asks for the same page again as soon as the last
answer came, no thinking, for a few seconds; the caseload against /healthz at the same concurrency.

``LockSampler`` looks at PostgreSQL while the load runs: how many backends are active, and how many
wait for a lock, on the audit chain's head row or anything else. ``chain_rates`` (run inside a
process pointed at the drill's database) times audited writes against the same rows without the
chain, from 1 to 50 threads.
"""

# The simulated users' choices come from seeded generators (reproducible, not secrets).
# ruff: noqa: S311

from __future__ import annotations

import datetime
import random
import re
import threading
import time
import uuid
from collections.abc import Callable

from homecoming.drills.browser import CODE, MARKER_PREFIX, Browser, Recorder, form_posting_to, forms

# A synthetic sentence, then the marker token: no name, no story.
NOTE_TEXT = "Drill note: contact recorded by the load drill. "
CLINICAL_TEXT = "Drill note: session recorded by the load drill. "
REFERRAL_TEXT = "Drill referral: a place in a course or a support group."

# The steps each role takes, with their weights.
STEPS = {
    "case_worker": {
        "caseload": 15,
        "case": 20,
        "section": 15,
        "note": 20,
        "assessment": 7,
        "plan": 8,
        "referral": 7,
        "screening": 8,
    },
    "coordinator": {"caseload": 30, "case": 25, "section": 10, "plan": 15, "note": 10, "inbox": 10},
    "specialist": {"caseload": 15, "case": 25, "section": 10, "screening": 25, "note": 20, "inbox": 5},
    "partner": {"inbox": 40, "referral_page": 30, "accept": 30},
}
# The filters of the caseload that a practitioner would pick, where the page offers them.
PREFERRED = {"phase": "reintegration", "need_at_most": "2", "review_within": "30", "sex": "female"}
COMPANIONS = {"need_domain": {"need_at_most": "2"}}
# The links on a case page to the writes the drill makes.
WRITES = {"notes/new", "needs/new", "plan", "referrals/new"}


def marker() -> str:
    return MARKER_PREFIX + uuid.uuid4().hex


class DrillStepFailed(Exception):
    """The page did not offer what a person would have used (a form, a link): the harness's own failure."""


def _codes(html: str) -> list[str]:
    return list(dict.fromkeys(re.findall(rf"/participants/({CODE})/", html)))


def _filters(html: str) -> dict[str, list[str]]:
    """The caseload's filter form: each select's offered values (not the empty one)."""
    for form in forms(html):
        if form.method == "get" and "sort" in form.names():
            return {
                f.name: [value for value, _ in f.options if value]
                for f in form.fields
                if f.kind == "select" and f.name != "page"
            }
    return {}


class SimulatedUser:
    """One practitioner: their session, their role, what they have seen of the caseload."""

    def __init__(self, browser: Browser, session: dict, refer_to: dict[str, int], rng: random.Random) -> None:
        self.browser = browser
        self.role = session["role"]
        self.organisation = session["organisation"]
        self.refer_to = refer_to.get(str(self.organisation))
        self.rng = rng
        self.codes: list[str] = []
        self.filters: dict[str, list[str]] = {}
        self.screenings: dict[str, list[str]] = {}
        # What each case page offered this user to write (a closed case offers nothing).
        self.offers: dict[str, set[str]] = {}
        self.waiting: list[str] = []  # a partner's referrals waiting for an answer

    # --- The loop -------------------------------------------------------------------------------

    def step(self) -> None:
        weights = STEPS[self.role]
        name = self.rng.choices(list(weights), list(weights.values()))[0]
        getattr(self, f"_{name}")()

    def _code(self) -> str | None:
        if not self.codes:
            self._caseload(plain=True)
        return self.rng.choice(self.codes) if self.codes else None

    def _code_offering(self, link: str) -> str | None:
        """A case whose page offered this write (the link a person would follow); opens one if none seen."""
        for _attempt in range(2):
            candidates = [code for code, offered in self.offers.items() if link in offered]
            if candidates:
                return self.rng.choice(candidates)
            self._case()
        return None

    # --- Reading ----------------------------------------------------------------------------------

    def _caseload(self, plain: bool = False) -> None:
        query = ""
        if not plain and self.filters and self.rng.random() < 0.5:
            name = self.rng.choice(sorted(self.filters))
            offered = self.filters[name]
            if offered:
                value = PREFERRED.get(name) if PREFERRED.get(name) in offered else self.rng.choice(offered)
                pairs = {name: value, **COMPANIONS.get(name, {})}
                query = "?" + "&".join(f"{k}={v}" for k, v in pairs.items())
        response = self.browser.get("caseload (filtered)" if query else "caseload", "/participants/" + query)
        if response is None:
            return
        if not self.filters:
            self.filters = _filters(response.text)
        found = _codes(response.text)
        if found and not query:
            self.codes = found[:50]

    def _case(self) -> None:
        code = self._code()
        if code is None:
            return
        response = self.browser.get("case page", f"/participants/{code}/")
        if response is not None:
            links = re.findall(rf'href="/participants/{code}/([a-z0-9_/]+)/"', response.text)
            self.offers[code] = {link for link in links if link in WRITES}
            self.screenings[code] = [link.split("/")[1] for link in links if re.fullmatch(r"screenings/\w+/new", link)]

    def _section(self) -> None:
        code = self._code()
        if code is not None:
            self.browser.get("section swap", f"/participants/{code}/sections/notes/", htmx=True)

    def _inbox(self) -> None:
        response = self.browser.get("inbox", "/inbox/")
        if response is not None and self.role == "partner":
            # The rows of referrals still waiting carry their status as a tag; those in service do not.
            self.waiting = re.findall(
                r'<tr><td><a href="/referrals/(\d+)/">[^<]*</a></td><td>[^<]*</td><td>[^<]*</td><td><span class="tag">',
                response.text,
            )

    def _referral_page(self) -> None:
        if not self.waiting:
            self._inbox()
        if self.waiting:
            self.browser.get("referral (partner)", f"/referrals/{self.rng.choice(self.waiting)}/")

    # --- Writing -----------------------------------------------------------------------------------

    def _form(self, kind: str, path: str, action: str):
        response = self.browser.get(kind, path)
        if response is None:
            return None
        form = form_posting_to(response.text, action)
        if form is None:
            raise DrillStepFailed(f"{kind}: no form posting to {action}")
        return form

    def _note(self) -> None:
        code = self._code_offering("notes/new")
        if code is None:
            return
        path = f"/participants/{code}/notes/new/"
        form = self._form("note form", path, path)
        if form is None:
            return
        clinical = self.role == "specialist" and "clinical" in form.choices("sensitivity") and self.rng.random() < 0.5
        token = marker()
        values = {
            "text": (CLINICAL_TEXT if clinical else NOTE_TEXT) + token,
            "kind": self.rng.choice(form.choices("kind") or ["visit"]),
            "sensitivity": "clinical" if clinical else "team",
        }
        domains = form.choices("domains")
        if domains and self.rng.random() < 0.4:
            values["domains"] = [self.rng.choice(domains)]
        self.browser.recorder.sent(token)
        if self.browser.post("note saved", form.action or path, form.fill(values)) is not None:
            self.browser.recorder.acknowledge(token)

    def _assessment(self) -> None:
        code = self._code_offering("needs/new")
        if code is None:
            return
        path = f"/participants/{code}/needs/new/"
        form = self._form("assessment form", path, path)
        if form is None:
            return
        ratings = {
            name: self.rng.choice([v for v in form.choices(name) if v])
            for name in form.names()
            if name.startswith("rating_")
        }
        self.browser.post("assessment saved", form.action or path, form.fill(ratings))

    def _plan(self) -> None:
        code = self._code_offering("plan")
        if code is None:
            return
        path = f"/participants/{code}/plan/"
        form = self._form("plan form", path, path)
        if form is None:
            return
        review = datetime.date.today() + datetime.timedelta(days=self.rng.randint(30, 120))
        # Someone else may have saved the plan since this form was read: then the page says so (409).
        self.browser.post(
            "plan saved", form.action or path, form.fill({"review_on": review.isoformat()}), refusals=(409,)
        )

    def _referral(self) -> None:
        code = self._code_offering("referrals/new")
        if code is None or self.refer_to is None:
            return
        path = f"/participants/{code}/referrals/new/"
        response = self.browser.get("referral form", f"{path}?to_organisation={self.refer_to}")
        if response is None:
            return
        consented = re.findall(r'name="categories" value="([a-z_]+)"[^>]*>[^<]*<span class="tag ok">', response.text)
        if not consented:
            return  # nothing consented for this organisation: a practitioner records consent first
        form = form_posting_to(response.text, "")
        if form is None:
            raise DrillStepFailed("referral form: no form")
        values = {
            "to_organisation": str(self.refer_to),
            "domain": self.rng.choice([v for v in form.choices("domain") if v]),
            "what": REFERRAL_TEXT,
            "categories": consented,
        }
        self.browser.post("referral sent", path, form.fill(values))

    def _screening(self) -> None:
        candidates = [code for code, offered in self.screenings.items() if offered]
        if not candidates:
            self._case()
            candidates = [code for code, offered in self.screenings.items() if offered]
            if not candidates:
                return
        code = self.rng.choice(candidates)
        instrument = self.rng.choice(self.screenings[code])
        path = f"/participants/{code}/screenings/{instrument}/new/"
        response = self.browser.get("screening form", path)
        if response is None:
            return
        form = form_posting_to(response.text, "")
        if form is None:
            raise DrillStepFailed("screening form: no form")
        answers = {}
        for name in form.names():
            if name.startswith("item_"):
                offered = form.choices(name)
                # Mostly mild answers; PHQ-9's item 9 (self-harm) always "not at all": the drill raises
                # no safety notice to a real person's inbox by chance.
                answers[name] = offered[0] if name == "item_9" else self.rng.choice(offered[: max(1, len(offered) - 1)])
        self.browser.post("screening saved", path, form.fill(answers))

    def _accept(self) -> None:
        if not self.waiting:
            self._inbox()
        if not self.waiting:
            return
        referral = self.waiting.pop(self.rng.randrange(len(self.waiting)))
        page = self.browser.get("referral (partner)", f"/referrals/{referral}/")
        if page is None or f"/referrals/{referral}/answer/" not in page.text:
            return  # answered meanwhile by a colleague: the page offers no answer any more
        form = form_posting_to(page.text, f"/referrals/{referral}/answer/")
        if form is None:
            raise DrillStepFailed("referral page: no answer form")
        data = [(k, v) for k, v in form.fill({}) if k == "csrfmiddlewaretoken"] + [("decision", "accept")]
        # A colleague may answer first between the read and the post: 403, said so on the page.
        self.browser.post("referral accepted", f"/referrals/{referral}/answer/", data, refusals=(403,))


def run_users(
    base: str,
    sessions: list[dict],
    refer_to: dict[str, int],
    *,
    seconds: float,
    think: float,
    recorder: Recorder,
    seed: int = 16,
    step: Callable[[SimulatedUser], None] | None = None,
) -> float:
    """Runs every session as a simulated user for ``seconds``; returns the seconds it really took."""
    stop_at = time.monotonic() + seconds
    errors: list[BaseException] = []

    def user(index: int, session: dict) -> None:
        rng = random.Random(seed * 1000 + index)
        browser = Browser(base, session["cookie"], recorder)
        simulated = SimulatedUser(browser, session, refer_to, rng)
        try:
            while time.monotonic() < stop_at:
                try:
                    (step or SimulatedUser.step)(simulated)
                except DrillStepFailed as failed:
                    recorder.add_failure(str(failed))
                if think:
                    time.sleep(min(rng.uniform(0, 2 * think), max(0.0, stop_at - time.monotonic())))
        except BaseException as error:  # a bug in the harness: reported, never hidden
            errors.append(error)
        finally:
            browser.close()

    started = time.monotonic()
    threads = [threading.Thread(target=user, args=(i, s), daemon=True) for i, s in enumerate(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return time.monotonic() - started


def closed_loop(base: str, sessions: list[dict], path: str, kind: str, *, seconds: float, recorder: Recorder) -> float:
    """Every session asks for ``path`` again as soon as the last answer came; requests a second."""

    def again(user: SimulatedUser) -> None:
        user.browser.get(kind, path)

    before = sum(1 for o in recorder.snapshot() if o.kind == kind)
    took = run_users(base, sessions, {}, seconds=seconds, think=0, recorder=recorder, step=again)
    done = sum(1 for o in recorder.snapshot() if o.kind == kind) - before
    return done / took if took else 0.0


# --- What PostgreSQL waits for while the load runs -------------------------------------------------


class LockSampler(threading.Thread):
    """Samples pg_stat_activity every ``interval`` s: client backends active, and those waiting for a
    lock (on the audit chain's head row: the query they wait in reads it FOR UPDATE)."""

    QUERY = """
        SELECT count(*) FILTER (WHERE state = 'active'),
               count(*) FILTER (WHERE wait_event_type = 'Lock' AND query ILIKE '%access_auditchainhead%'),
               count(*) FILTER (WHERE wait_event_type = 'Lock')
        FROM pg_stat_activity
        WHERE backend_type = 'client backend' AND datname = current_database() AND pid <> pg_backend_pid()
    """

    def __init__(self, dsn: str, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.dsn = dsn
        self.interval = interval
        self.samples = 0
        self.active = 0
        self.waiting_on_head = 0
        self.waiting_on_locks = 0
        self.most_waiting_on_head = 0
        self._halt = threading.Event()

    def run(self) -> None:
        import psycopg

        with psycopg.connect(self.dsn, autocommit=True) as connection:
            while not self._halt.is_set():
                active, head, locks = connection.execute(self.QUERY).fetchone()
                self.samples += 1
                self.active += active
                self.waiting_on_head += head
                self.waiting_on_locks += locks
                self.most_waiting_on_head = max(self.most_waiting_on_head, head)
                self._halt.wait(self.interval)

    def stop(self) -> dict:
        self._halt.set()
        self.join(timeout=10)
        samples = max(self.samples, 1)
        return {
            "samples": self.samples,
            "active_backends_mean": round(self.active / samples, 2),
            "waiting_on_audit_head_mean": round(self.waiting_on_head / samples, 3),
            "waiting_on_audit_head_max": self.most_waiting_on_head,
            "waiting_on_any_lock_mean": round(self.waiting_on_locks / samples, 3),
            # Of the backend time spent active, the share spent waiting for the chain's head row.
            "audit_head_share_of_active": round(self.waiting_on_head / self.active, 4) if self.active else 0.0,
        }


# --- The audit chain's write rate (inside a process pointed at the drill's database) -------------------


def chain_rates(*, threads: list[int], seconds: float) -> dict:
    """Audited writes a second from N threads, each write in its own transaction: ``audit.record``
    (locks the chain's head row), the same row inserted without the chain (a copy of the audit
    table, no head), and a real action (``casework.actions.write_note``: a note and its audit row).
    With the time spent waiting for the head row's lock, as a share of the time writing."""
    from django.db import connection

    from homecoming.drills import scene

    scene.refuse_unless_generated()
    if connection.vendor != "postgresql":
        return {"skipped": "the audit chain's rate is measured on PostgreSQL"}
    plain = _PlainTable()
    try:
        rows = []
        for count in threads:
            row = {"threads": count}
            for name, write in (
                ("audited", _audited_write),
                ("plain", plain.write),
                ("note_action", _note_write),
            ):
                rate, waited = _rate(write, count, seconds)
                row[name] = round(rate, 1)
                if name != "plain":
                    row[f"{name}_head_wait_share"] = round(waited, 3)
            rows.append(row)
        return {"seconds_each": seconds, "rows": rows}
    finally:
        plain.drop()


class _PlainTable:
    """A copy of the audit table's shape and indexes, without the chain: the "same insert" yardstick."""

    NAME = "drill_plain_audit_insert"

    def __init__(self) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.NAME}")
            cursor.execute(f"CREATE TABLE {self.NAME} (LIKE access_auditevent INCLUDING ALL)")

    def write(self, context: dict) -> None:
        import hashlib
        import hmac

        from django.db import connection, transaction
        from django.utils import timezone

        now = timezone.now()
        # The same work as a sealed row: an HMAC over its content, then one insert.
        content = f"{now.isoformat()}|drill|{context['n']}".encode()
        digest = hmac.new(b"k" * 32, content + uuid.uuid4().bytes, hashlib.sha256).hexdigest()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                # A constant table name; every value goes in as a parameter.
                f"INSERT INTO {self.NAME} (key_id, created_at, actor_id, organisation_id, action, object_type, "  # noqa: S608
                "object_ref, reason, request_id, prev_hash, hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    "drill",
                    now,
                    context["user_id"],
                    context["organisation_id"],
                    "note.written",
                    "participant",
                    context["code"],
                    f"note={context['n']} team",
                    "",
                    "0" * 64,
                    digest,
                ],
            )

    def drop(self) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.NAME}")


def _audited_write(context: dict) -> None:
    from core import audit
    from core.audit import AuditAction

    audit.record(
        action=AuditAction.NOTE_WRITTEN,
        actor=context["actor"],
        object_type="participant",
        object_ref=context["code"],
        reason=f"drill chain rate {context['n']}",
    )


def _note_write(context: dict) -> None:
    from casework import actions

    actions.write_note(
        actor=context["actor"],
        participant=context["participant"],
        data={
            "occurred_on": datetime.date.today(),
            "kind": "call",
            "text": NOTE_TEXT + marker(),
            "sensitivity": "team",
            "domains": [],
        },
    )


def _contexts(count: int) -> list[dict]:
    """A case worker and a participant they lead, for each thread (round robin over the generated ones)."""
    from casework.models import TeamMember
    from core.actor import Actor

    places = list(
        TeamMember.objects.filter(is_lead=True, ended_at=None, membership__role="case_worker")
        .select_related("membership__user", "membership__organisation", "participant")
        .order_by("pk")[: max(count, 1) * 3 : 3]
    )
    contexts = []
    for i in range(count):
        place = places[i % len(places)]
        contexts.append(
            {
                "actor": Actor.of(place.membership.user, place.membership),
                "participant": place.participant,
                "code": place.participant.code,
                "user_id": place.membership.user_id,
                "organisation_id": place.membership.organisation_id,
                "n": 0,
            }
        )
    return contexts


def _rate(write: Callable[[dict], None], count: int, seconds: float) -> tuple[float, float]:
    """Writes a second by ``count`` threads for ``seconds``; and the share of their time spent waiting
    to lock the chain's head row (its SELECT … FOR UPDATE, timed on each connection)."""
    from django.db import connection

    contexts = _contexts(count)
    done = [0] * count
    waited = [0.0] * count
    busy = [0.0] * count
    start = threading.Barrier(count + 1)
    stop_at: list[float] = []

    def timed_head(index: int):
        def wrapper(execute, sql, params, many, context):
            if "access_auditchainhead" in sql and "FOR UPDATE" in sql:
                began = time.perf_counter()
                try:
                    return execute(sql, params, many, context)
                finally:
                    waited[index] += time.perf_counter() - began
            return execute(sql, params, many, context)

        return wrapper

    def worker(index: int) -> None:
        context = contexts[index]
        try:
            with connection.execute_wrapper(timed_head(index)):
                connection.ensure_connection()
                start.wait()
                began = time.perf_counter()
                while time.monotonic() < stop_at[0]:
                    context["n"] += 1
                    write(context)
                    done[index] += 1
                busy[index] = time.perf_counter() - began
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    stop_at.append(time.monotonic() + seconds)
    start.wait()
    for thread in threads:
        thread.join()
    took = max(busy) or seconds
    return sum(done) / took, (sum(waited) / sum(busy)) if sum(busy) else 0.0
