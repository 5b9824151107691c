"""The benchmark harness (issue 15) end to end on a tiny data set: it generates data every page
works on, measures every page, and refuses a database it did not generate."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from directory.models import Jurisdiction, Organisation
from homecoming.bench import measure, percentile, report
from homecoming.bench.generate import generate
from people.models import Identity


@pytest.mark.django_db
def test_a_tiny_generated_data_set_is_measured_on_every_page():
    generated = generate(30, seed=3)
    assert generated.rows["people.Participant"] == 30

    rows = measure.run(repeat=1, warmup=0, budget=5, log=lambda line: None)

    pages = {(row.page, row.persona) for row in rows}
    for persona in measure.CASE_PERSONAS:
        assert {("caseload", persona), ("case page", persona), ("inbox", persona), ("home", persona)} <= pages
    assert ("indicators", "me_officer") in pages
    assert [(r.page, r.variant, r.persona, r.status) for r in rows if r.status != 200] == []
    # The hand-written SQL fetched what the caseload shows (count and rows), for every filter and sort.
    assert [(r.variant, r.persona, r.note) for r in rows if r.page == "caseload" and r.note] == []
    data = json.loads(json.dumps(report.result(rows, settings={}, generated=None, machine_info=report.machine())))
    assert len(data["rows"]) == len(rows)
    assert all(row["queries"] > 0 and row["p50_ms"] > 0 for row in data["rows"])
    assert all(row["sql_ratio"] > 0 for row in data["rows"] if row["page"] in ("caseload", "case page"))


@pytest.mark.django_db
def test_the_generated_data_is_sealed_and_audited_as_the_app_would():
    generate(6, seed=5)
    identity = Identity.objects.order_by("pk").first()
    assert identity.full_name.endswith("[BENCH]")  # opens with the vault's key and its context
    assert identity.name_dob_index and identity.full_name_sealed.startswith("hc1.")
    call_command("verify_audit")  # raises CommandError if the generated chain does not verify


@pytest.mark.django_db
def test_the_command_refuses_a_database_it_did_not_generate():
    country = Jurisdiction.objects.create(slug="kz", name="Kazakhstan", level="country")
    Organisation.objects.create(slug="real", name="Real", kind="social_services", jurisdiction=country)
    with pytest.raises(CommandError, match="did not generate"):
        call_command("bench", "--size", "2")


@pytest.mark.no_database
def test_p95_of_twenty_timings_is_the_nineteenth_fastest_not_the_slowest():
    timings = [float(ms) for ms in range(20, 0, -1)]  # 20, 19, … 1 ms
    assert percentile(timings, 0.95) == 19.0
    assert percentile(timings, 0.5) == 10.0
    assert percentile([float(ms) for ms in range(1, 101)], 0.95) == 95.0
    assert percentile([7.0], 0.95) == 7.0
