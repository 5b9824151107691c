"""A city and a hub as two real server processes on loopback ports, each with its own SQLite
database: the hub's administrator enrols the city (fingerprint and token over HTTP), the city's
report is built from its own database by ``network_report``, approved by a coordinator, signed with
the key ``generate_network_key`` made, and pushed over HTTP; the hub shows it on its comparison
page and its shared practice in the hub's library; a tampered byte, an older sequence and a
stranger's key are each refused with their reason, and nothing more is stored.
"""

from __future__ import annotations

import base64
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from network.exchange import dsse

# Its servers use SQLite files of their own: the PostgreSQL pass of `make test` leaves it out.
pytestmark = pytest.mark.own_databases
ROOT = Path(__file__).resolve().parents[3]
PERIOD = "2026Q2"

SETUP_HUB = """
from directory.models import Jurisdiction, Membership, Organisation, Role
from accounts.models import User
country = Jurisdiction.objects.create(slug="kz", name="Kazakhstan", level="country")
hub = Organisation.objects.create(slug="network", name="Network hub", kind="social_services", jurisdiction=country)
user = User.objects.create_user(username="hub.admin", password="hub-admin-password-1")
Membership.objects.create(user=user, organisation=hub, role=Role.ADMINISTRATOR)
"""

SETUP_CITY = """
from accounts.models import User
from directory.models import Jurisdiction, Membership, Organisation, Role
from network.library.models import Practice, PracticeTranslation
country = Jurisdiction.objects.create(slug="kz", name="Kazakhstan", level="country")
region = Jurisdiction.objects.create(slug="mangystau", name="Mangystau", level="region", parent=country)
city = Jurisdiction.objects.create(slug="aktau", name="Aktau", level="city", parent=region)
social = Organisation.objects.create(
    slug="aktau-social", name="Aktau Social Services", kind="social_services", jurisdiction=city
)
editor = User.objects.create_user(username="aktau.editor")
coordinator = User.objects.create_user(username="aktau.coordinator")
Membership.objects.create(user=editor, organisation=social, role=Role.NETWORK_EDITOR)
Membership.objects.create(user=coordinator, organisation=social, role=Role.COORDINATOR)
practice = Practice.objects.create(
    title="Women's volunteering in charity campaigns", summary="Beside other volunteers.", city=city,
    organisation=social, what_was_done="Monthly campaigns.", evidence_text="Volunteers' accounts.",
    drafted_by=editor, reviewed_by=coordinator, state="published", shared_with_network=True,
)
PracticeTranslation.objects.create(practice=practice, language="ru", title="Волонтёрство женщин", summary="Акции.")
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Instance:
    def __init__(self, tmp_path: Path, name: str, role: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp_path / name}.sqlite3",
            "HOMECOMING_ROLE": role,
            "HOMECOMING_DEBUG": "false",
            "HOMECOMING_ALLOWED_HOSTS": "127.0.0.1,localhost",
        }
        self.server: subprocess.Popen | None = None

    def manage(self, *args: str, stdin: str = "", **env: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **env},
            input=stdin,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def start(self) -> None:
        command = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload", "--insecure"]
        self.server = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        for _attempt in range(300):
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2):  # noqa: S310
                    return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        raise AssertionError(f"the {self.env['HOMECOMING_ROLE']} server did not start")

    def stop(self) -> None:
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=20)


class Browser:
    """A signed-in session over plain HTTP: urllib with a cookie jar, the CSRF token from each form."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post_form(self, path: str, fields: dict) -> str:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get(path))[1]
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        request = urllib.request.Request(self.base + path, data=data, headers={"Referer": self.base + path})  # noqa: S310
        with self.opener.open(request, timeout=30) as response:
            return response.read().decode()


def push(hub: Instance, token: str, envelope: dict) -> tuple[int, dict]:
    request = urllib.request.Request(  # noqa: S310
        hub.url + "/hub/api/reports/",
        data=json.dumps(envelope).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def built(city: Instance, tmp_path: Path, name: str) -> dict:
    """The city's next report, approved by its coordinator and saved as the signed envelope."""
    path = tmp_path / name
    city.manage("network_report", "--period", PERIOD, "--approve-as", "aktau.coordinator", "--output", str(path))
    return json.loads(path.read_text())


@pytest.fixture
def instances(tmp_path):
    city, hub = Instance(tmp_path, "city", "city"), Instance(tmp_path, "hub", "hub")
    migrations = [
        subprocess.Popen(
            [sys.executable, "manage.py", "migrate", "--no-input"],
            cwd=ROOT,
            env=instance.env,
            stdout=subprocess.DEVNULL,
        )
        for instance in (city, hub)
    ]
    assert [m.wait(timeout=600) for m in migrations] == [0, 0]
    try:
        city.start()
        hub.start()
        yield city, hub
    finally:
        city.stop()
        hub.stop()


def test_a_city_report_travels_signed_to_the_hub_and_every_forgery_is_refused(instances, tmp_path):
    city, hub = instances
    city.manage("shell", stdin=SETUP_CITY)
    made = city.manage("generate_network_key")
    fingerprint, public_key = re.search(r"fingerprint: (\S+)\npublic key: (\S+)", made).groups()
    hub.manage("shell", stdin=SETUP_HUB)
    admin = Browser(hub.url)
    admin.post_form("/account/login/", {"login": "hub.admin", "password": "hub-admin-password-1"})
    # The administrator types the fingerprint the city read to them; the token is shown once.
    enrolled = admin.post_form(
        "/hub/members/enrol/",
        {"name": "Aktau", "slug": "aktau", "public_key": public_key, "fingerprint": fingerprint},
    )
    token = re.search(r"<p><code>([^<]+)</code></p>", enrolled)[1]

    sent = city.manage(
        *("network_report", "--period", PERIOD, "--approve-as", "aktau.coordinator", "--send"),
        HOMECOMING_HUB_URL=hub.url,
        HOMECOMING_HUB_TOKEN=token,
    )
    assert "status: delivered" in sent
    page = admin.get(f"/hub/compare/?indicator=HC-COV-01&period={PERIOD}")
    assert "Aktau" in page and "not reported" not in page
    assert re.search(r"<th scope=\"row\">Aktau</th><td>[^<]+</td>", page)
    library = admin.get("/practices/?q=" + urllib.parse.quote("волонтёрство"))
    assert "Women&#x27;s volunteering in charity campaigns" in library

    second, third = built(city, tmp_path, "2.json"), built(city, tmp_path, "3.json")
    tampered = dict(third)
    content = bytearray(base64.b64decode(third["payload"]))
    content[content.index(b'"sequence":3') + 11] = ord("4")  # one byte of the signed content
    tampered["payload"] = base64.b64encode(bytes(content)).decode()
    assert push(hub, token, tampered)[1]["refused"] == "bad_signature"
    assert push(hub, token, third) == (201, {"stored": True})
    assert push(hub, token, third)[0] == 200  # the same report again: harmless
    assert push(hub, token, second)[1]["refused"] == "replayed"
    stranger = dsse.sign(base64.b64decode(second["payload"]), key=Ed25519PrivateKey.generate())
    assert push(hub, token, stranger)[1]["refused"] == "unknown_key"
    assert push(hub, "not-a-token", third)[0] == 401

    received = admin.get("/hub/reports/")
    assert received.count('<th scope="row">Aktau</th>') == 2
