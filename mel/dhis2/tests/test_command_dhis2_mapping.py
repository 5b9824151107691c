"""``manage.py dhis2_mapping export|import``: the whole mapping as one JSON file, checked before it is written."""

import copy
import json

import pytest
from django.core.management import CommandError, call_command

from core.models import AuditEvent
from mel.dhis2.mapping import Mapping
from mel.dhis2.models import Dhis2CategoryOptionCombo, Dhis2DataElement, Dhis2DataSet, Dhis2OrganisationUnit
from mel.dhis2.tests.helpers import map_as_in_the_demo


@pytest.fixture
def mapped(city_a, city_b):
    map_as_in_the_demo()


def exported(capsys) -> dict:
    capsys.readouterr()
    call_command("dhis2_mapping", "export", "-")
    return json.loads(capsys.readouterr().out)


def rows() -> list:
    return [
        list(model.objects.values_list())
        for model in (Dhis2DataSet, Dhis2DataElement, Dhis2CategoryOptionCombo, Dhis2OrganisationUnit)
    ]


def test_exporting_what_was_imported_gives_the_same_file(capsys, mapped, tmp_path):
    first = exported(capsys)
    target = tmp_path / "mapping.json"
    target.write_text(json.dumps(first))
    Dhis2DataElement.objects.all().delete()
    call_command("dhis2_mapping", "import", str(target))
    assert exported(capsys) == first
    call_command("dhis2_mapping", "export", str(tmp_path / "again.json"))
    assert json.loads((tmp_path / "again.json").read_text()) == first


def test_an_import_replaces_the_mapping_and_is_audited(capsys, mapped, tmp_path):
    smaller = exported(capsys)
    smaller["dataElements"] = smaller["dataElements"][:2]
    smaller["dataSet"] = "OTHER_SET"
    (tmp_path / "m.json").write_text(json.dumps(smaller))
    call_command("dhis2_mapping", "import", str(tmp_path / "m.json"))
    assert Dhis2DataElement.objects.count() == 2
    assert Mapping.load().data_set == "OTHER_SET"
    assert AuditEvent.objects.filter(action="dhis2.mapping_changed", object_type="dhis2_mapping").count() == 2


def _spoil(data: dict, how: str) -> dict:
    bad = copy.deepcopy(data)
    if how == "unknown indicator":
        bad["dataElements"][0]["indicator"] = "HC-NOPE-99"
    elif how == "part the unit lacks":
        bad["dataElements"][0]["part"] = "denominator"  # HC-COV-01 is a count
    elif how == "unknown dimension":
        bad["categoryOptionCombos"][1]["dimension"] = "religion"
    elif how == "dimension the indicator lacks":
        bad["dataElements"].append({"indicator": "HC-COV-02", "part": "value", "dimension": "sex", "code": "X"})
    elif how == "unknown city":
        bad["organisationUnits"][0]["city"] = "atlantis"
    elif how == "code with a space":
        bad["organisationUnits"][0]["code"] = "KZ ALMATY"
    elif how == "formula as a code":
        bad["categoryOptionCombos"][0]["code"] = "=HYPERLINK(1)"
    elif how == "mapped twice":
        bad["categoryOptionCombos"].append(dict(bad["categoryOptionCombos"][0]))
    elif how == "missing key":
        del bad["dataElements"][0]["part"]
    elif how == "number as a code":
        bad["dataElements"][0]["code"] = 12
    elif how == "total with a key":
        bad["categoryOptionCombos"].append({"dimension": "total", "key": "x", "code": "X"})
    elif how == "wrong format":
        bad["format"] = "something-else"
    elif how == "not an object":
        bad = ["a list"]
    return bad


@pytest.mark.parametrize(
    "how",
    [
        "unknown indicator",
        "part the unit lacks",
        "unknown dimension",
        "dimension the indicator lacks",
        "unknown city",
        "code with a space",
        "formula as a code",
        "mapped twice",
        "missing key",
        "number as a code",
        "total with a key",
        "wrong format",
        "not an object",
    ],
)
def test_a_bad_file_is_refused_with_its_problem_named_and_nothing_written(capsys, mapped, tmp_path, how):
    good = exported(capsys)
    assert good["dataElements"][0]["indicator"] == "HC-COV-01"
    before, audited = rows(), AuditEvent.objects.count()
    (tmp_path / "bad.json").write_text(json.dumps(_spoil(good, how)))
    with pytest.raises(CommandError, match="nothing was changed") as refused:
        call_command("dhis2_mapping", "import", str(tmp_path / "bad.json"))
    assert len(str(refused.value).splitlines()) >= 2  # the problem is named under the refusal
    assert rows() == before
    assert AuditEvent.objects.count() == audited


def test_a_file_that_is_not_json_is_refused(mapped, tmp_path):
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("dhis2_mapping", "import", str(tmp_path / "bad.json"))
