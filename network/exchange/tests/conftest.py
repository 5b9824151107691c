import pytest

from mel import indicators

# The workflow tests (build, approve, send, deliver, the pages and the command) build reports of
# two indicators: measuring the whole catalogue takes seconds per report and tells them nothing
# more. The payload's own tests (test_report_payload.py) and the end-to-end test measure it whole.
WORKFLOW_INDICATORS = ("HC-COV-01", "HC-OUT-02")


@pytest.fixture(autouse=True)
def two_indicators(request, monkeypatch):
    if request.module.__name__.endswith("test_report_payload"):
        return
    monkeypatch.setattr(indicators, "CATALOGUE", {code: indicators.CATALOGUE[code] for code in WORKFLOW_INDICATORS})
