"""One signed-in user over HTTP: the real pages read, the real forms filled and posted.

No Django here: it runs in the drill's own process, against gunicorn. A ``Browser`` holds a
``requests`` session with the user's session cookie (made on the server, ``scene.prepare``); each
request is timed and recorded under a page kind ("caseload", "note saved", …) in a shared
``Recorder``, with what the drill expected of it. A form is read from its page (``forms``: fields,
their values, the CSRF token), filled as a person would (``Form.fill``) and posted.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser

import requests

# An answer the drill counts as a failure: no answer at all (connection refused or reset).
NO_ANSWER = 0
# Not an answer: a step the harness itself could not take (a page without the form a person would use).
HARNESS = -1
CODE = r"[A-Z0-9]{4}-[A-Z0-9]{4}"
# Every note a drill writes carries this in its text, then a unique token: the checks afterwards
# (scene.check) find a write by its token alone, so no acknowledged write can hide behind another.
MARKER_PREFIX = "drill-write-"


@dataclass
class Outcome:
    kind: str
    status: int
    ms: float
    at: float  # time.monotonic() when the answer came
    ok: bool  # the answer the drill expected
    write: bool = False  # a write the server acknowledged
    note: str = ""  # why it is not ok; or what an expected refusal was
    retry_after: str = ""
    calm: bool = False  # the 503 page (not a bare error)
    reason: str = ""  # the 503 page's reason: "unavailable" or "disk_full"
    path: str = ""


class Recorder:
    """Every request of a drill, from every thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.outcomes: list[Outcome] = []
        self.acknowledged: set[str] = set()
        self.attempted: set[str] = set()

    def add(self, outcome: Outcome) -> None:
        with self._lock:
            self.outcomes.append(outcome)

    def add_failure(self, note: str) -> None:
        """A step the harness could not take as a person would (a page without the expected form)."""
        self.add(Outcome("harness", HARNESS, 0.0, time.monotonic(), False, note=note))

    def sent(self, marker: str) -> None:
        with self._lock:
            self.attempted.add(marker)

    def acknowledge(self, marker: str) -> None:
        with self._lock:
            self.acknowledged.add(marker)

    def snapshot(self) -> list[Outcome]:
        with self._lock:
            return list(self.outcomes)


# --- Forms ----------------------------------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # text, hidden, date, radio, checkbox, select, textarea, …
    value: str = ""
    checked: bool = False
    required: bool = False
    options: list[tuple[str, bool]] = field(default_factory=list)  # a select's (value, selected)


@dataclass
class Form:
    action: str
    method: str
    fields: list[Field] = field(default_factory=list)

    def names(self) -> set[str]:
        return {f.name for f in self.fields}

    def choices(self, name: str) -> list[str]:
        """The values offered for a radio group, a checkbox group or a select."""
        values = []
        for f in self.fields:
            if f.name == name:
                values += [value for value, _ in f.options] if f.kind == "select" else [f.value]
        return values

    def fill(self, values: dict[str, str | list[str]] | None = None) -> list[tuple[str, str]]:
        """What the browser would post: each field as the page left it (the checked radio or box,
        the selected option, or for a required select or radio group with none, the first one
        offered), with ``values`` typed over it."""
        values = values or {}
        posted: list[tuple[str, str]] = []
        groups: dict[str, list[Field]] = {}
        for f in self.fields:
            groups.setdefault(f.name, []).append(f)
        for name, members in groups.items():
            if name in values:
                given = values[name]
                posted += [(name, v) for v in (given if isinstance(given, list) else [given])]
                continue
            first = members[0]
            if first.kind in ("radio", "checkbox"):
                checked = [f.value for f in members if f.checked]
                if not checked and first.kind == "radio" and any(f.required for f in members):
                    checked = [first.value]
                posted += [(name, v) for v in checked]
            elif first.kind == "select":
                chosen = [v for v, selected in first.options if selected]
                if not chosen and first.options:
                    offered = [v for v, _ in first.options if v] if first.required else [first.options[0][0]]
                    chosen = offered[:1]
                posted += [(name, v) for v in chosen[:1]]
            elif first.kind not in ("submit", "button", "file", "reset", "image"):
                posted.append((name, first.value))
        return posted


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None
        self._option: tuple[str | None, bool] | None = None
        self._option_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = Form(action=found.get("action", ""), method=(found.get("method") or "get").lower())
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = found.get("name")
        if tag == "input" and name:
            self._form.fields.append(
                Field(
                    name,
                    (found.get("type") or "text").lower(),
                    value=found.get("value", "on" if found.get("type") in ("checkbox", "radio") else ""),
                    checked="checked" in found,
                    required="required" in found,
                )
            )
        elif tag == "select" and name:
            self._select = Field(name, "select", required="required" in found)
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = (found.get("value"), "selected" in found)
            self._option_text = ""
        elif tag == "textarea" and name:
            self._textarea = Field(name, "textarea", required="required" in found)
            self._form.fields.append(self._textarea)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data
        if self._option is not None:
            self._option_text += data

    def _close_option(self) -> None:
        if self._option is not None and self._select is not None:
            value, selected = self._option
            self._select.options.append((value if value is not None else self._option_text.strip(), selected))
        self._option = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "option":
            self._close_option()
        elif tag == "select":
            self._close_option()
            self._select = None
        elif tag == "textarea":
            if self._textarea is not None:
                # Browsers drop the newline right after <textarea>.
                self._textarea.value = self._textarea.value.removeprefix("\n")
            self._textarea = None
        elif tag == "form":
            self._form = None


def forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def form_posting_to(html: str, action: str) -> Form | None:
    """The page's POST form to this path; with "", the one without an action (it posts to the page itself)."""
    for form in forms(html):
        if form.method == "post" and (form.action == action if action else not form.action):
            return form
    return None


# --- The browser ------------------------------------------------------------------------------------


class Browser:
    """A signed-in user: GETs and POSTs timed into the recorder, redirects not followed (a write's
    success is its redirect: a POST answered as expected is an acknowledged write). One thread each."""

    def __init__(self, base: str, cookie: str, recorder: Recorder, *, timeout: float = 60.0) -> None:
        self.base = base
        self.recorder = recorder
        self.timeout = timeout
        self.session = requests.Session()
        self.session.cookies.set("sessionid", cookie)

    def close(self) -> None:
        self.session.close()

    def request(
        self,
        kind: str,
        method: str,
        path: str,
        *,
        data: list[tuple[str, str]] | None = None,
        htmx: bool = False,
        expect: tuple[int, ...] = (200,),
        refusals: tuple[int, ...] = (),
    ) -> requests.Response | None:
        """One request, recorded. ``expect``: the statuses of success; ``refusals``: statuses the
        workflow knows may happen and are no failure (someone else saved the plan first: 409)."""
        headers = {"HX-Request": "true"} if htmx else {}
        started = time.monotonic()
        try:
            response = self.session.request(
                method,
                self.base + path,
                data=data,
                headers=headers,
                allow_redirects=False,
                timeout=self.timeout,
            )
        except requests.RequestException as error:
            now = time.monotonic()
            self.recorder.add(
                Outcome(kind, NO_ANSWER, (now - started) * 1000, now, False, note=type(error).__name__, path=path)
            )
            return None
        now = time.monotonic()
        status = response.status_code
        ok = status in expect
        note = ""
        if status in refusals:
            note = f"refused {status} (expected)"
        elif not ok:
            note = f"unexpected {status}"
        calm = status == 503 and 'data-status="503"' in response.text and "Traceback" not in response.text
        reason = re.search(r'data-reason="([a-z_]*)"', response.text) if calm else None
        self.recorder.add(
            Outcome(
                kind,
                status,
                (now - started) * 1000,
                now,
                ok or status in refusals,
                write=ok and method == "POST",
                note=note,
                retry_after=response.headers.get("Retry-After", ""),
                calm=calm,
                reason=reason.group(1) if reason else "",
                path=path,
            )
        )
        return response if ok else None

    def get(self, kind: str, path: str, **options) -> requests.Response | None:
        return self.request(kind, "GET", path, **options)

    def post(self, kind: str, path: str, data: list[tuple[str, str]], **options) -> requests.Response | None:
        return self.request(kind, "POST", path, data=data, expect=options.pop("expect", (302,)), **options)
