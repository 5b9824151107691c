"""``manage.py export_dhis2``: the dataValueSets document, its sidecar, and refusals."""

import json

import pytest
from django.core.management import CommandError, call_command

from core.models import AuditEvent
from mel import disclosure, indicators, snapshots
from mel.dhis2.demo import demo_mapping
from mel.dhis2.tests.helpers import map_as_in_the_demo, participants, shape_problems
from mel.scope import min_cell, organisations_in
from mel.views import default_period


def export(capsys, *arguments):
    call_command("export_dhis2", *arguments)
    captured = capsys.readouterr()
    return json.loads(captured.out), captured.err


@pytest.fixture
def counted(city_a, city_b, coordinator):
    map_as_in_the_demo()
    return participants(city_a.social, coordinator)


def test_the_document_has_the_datavaluesets_shape(capsys, counted):
    document, _err = export(capsys, "--period", default_period().code)
    assert shape_problems(document) == []
    assert document["dataSet"] == "HC_RETURN_QUARTERLY"
    assert document["period"] == default_period().code
    assert document["dataValues"]


def test_every_value_is_the_published_number_and_no_suppressed_cell_is_sent(capsys, counted, city_a, city_b):
    document, _err = export(capsys, "--period", default_period().code)
    sent = {(v["dataElement"], v["categoryOptionCombo"], v["orgUnit"]): v["value"] for v in document["dataValues"]}
    mapping, suppressed_seen, compared = demo_mapping(), 0, 0
    for city in (city_a, city_b):
        unit = mapping.org_units[city.city.slug]
        for code in {indicator for indicator, _part, _dimension in mapping.elements}:
            indicator = indicators.CATALOGUE[code]
            measured = snapshots.measured(indicator, owners=organisations_in(city.city), period=default_period())
            published = disclosure.publish(measured, k=min_cell(), exact=False)
            cells = [("total", "", published.total)]
            cells += [(b.dimension.value, f.key, f) for b in published.breakdowns for f in b.figures]
            for dimension, key, figure in cells:
                combo = mapping.combos.get((dimension, key))
                for (i, part, d), element in mapping.elements.items():
                    if i != code or d != dimension or combo is None:
                        continue
                    where = (element, combo, unit)
                    if figure.suppressed:
                        suppressed_seen += 1
                        assert where not in sent
                    elif part in ("value", "numerator"):
                        compared += 1
                        assert sent[where] == str(figure.count)
                    elif part == "denominator":
                        assert sent[where] == str(figure.eligible)
    assert suppressed_seen and compared  # the data has both, or this test would prove nothing


def test_the_sidecar_lists_the_suppressed_cells_and_names_what_is_unmapped(capsys, counted):
    _document, err = export(capsys, "--period", default_period().code)
    sidecar = json.loads(err[err.index("{") :])
    reasons = {item["reason"] for item in sidecar["leftOut"]}
    assert reasons & {"primary", "complementary"}
    assert all(set(item) == {"indicator", "dimension", "key", "part", "city", "reason"} for item in sidecar["leftOut"])
    unmapped = {(u["kind"], u["indicator"] or u["dimension"]) for u in sidecar["unmapped"]}
    assert ("indicator", "HC-CON-01") in unmapped
    assert ("disaggregation", "phase") in unmapped
    assert "unmapped indicator: indicator=HC-CON-01" in err


def test_a_city_without_an_organisation_unit_is_named(capsys, counted, country):
    from conftest import make_city

    make_city(country, "aktau", "Aktau")
    _document, err = export(capsys, "--period", default_period().code)
    assert "unmapped city: city=aktau" in err


def test_output_to_a_file_writes_the_sidecar_beside_it(capsys, counted, tmp_path):
    target = tmp_path / "q.json"
    call_command("export_dhis2", "--period", default_period().code, "--city", "almaty", "--output", str(target))
    document = json.loads(target.read_text())
    sidecar = json.loads((tmp_path / "q.sidecar.json").read_text())
    assert shape_problems(document) == []
    assert {v["orgUnit"] for v in document["dataValues"]} == {"KZ_ALMATY"}
    assert sidecar["period"] == document["period"]
    assert capsys.readouterr().out == ""


def test_the_export_is_audited_with_the_period(capsys, counted):
    export(capsys, "--period", default_period().code)
    event = AuditEvent.objects.get(action="dhis2.exported")
    assert (event.object_type, event.object_ref) == ("dhis2", default_period().code)


@pytest.mark.parametrize("period", ["2027Q5", "Q1", "", "2999Q1", "27"])
def test_a_bad_or_unfinished_period_is_refused_and_nothing_is_written(capsys, counted, tmp_path, period):
    target = tmp_path / "q.json"
    with pytest.raises(CommandError):
        call_command("export_dhis2", "--period", period, "--output", str(target))
    assert list(tmp_path.iterdir()) == []
    assert not AuditEvent.objects.filter(action="dhis2.exported").exists()


def test_an_unknown_city_is_refused_and_nothing_is_written(capsys, counted, tmp_path):
    with pytest.raises(CommandError, match="no city"):
        call_command(
            "export_dhis2",
            "--period",
            default_period().code,
            "--city",
            "atlantis",
            "--output",
            str(tmp_path / "q.json"),
        )
    assert list(tmp_path.iterdir()) == []
