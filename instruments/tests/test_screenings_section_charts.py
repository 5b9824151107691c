"""The case page's charts (screening trends, needs ratings) in every language: the numbers inside
the SVG are never localised (a Russian decimal comma in a coordinate loses the chart's points)."""

import datetime
import re

import pytest
from django.conf import settings

from casework.tests.builders import assessment
from instruments.tests.builders import phq9_answers, screening

# Coordinates: one number; a path or a list of points: pairs "x,y", each number with a point.
NUMBER = r"-?\d+(?:\.\d+)?"
SINGLE = re.compile(rf"^{NUMBER}$")
VIEW_BOX = re.compile(rf"^{NUMBER}(?: {NUMBER}){{3}}$")
PATH = re.compile(rf"^[ML]{NUMBER},{NUMBER}(?: [ML]{NUMBER},{NUMBER})*$")
ATTRIBUTE = re.compile(r'\s(x|y|cx|cy|r|width|height|viewBox|d)="([^"]*)"')


def svg_numbers(page: str) -> list[tuple[str, str]]:
    return [found for svg in re.findall(r"<svg.*?</svg>", page, re.S) for found in ATTRIBUTE.findall(svg)]


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_case_pages_charts_keep_plain_numbers_in_every_language(client, family, case_worker, language):
    mother = family.mother
    today = datetime.date.today()
    # Totals 7, 10, 13 on a 27-point scale: the trend's coordinates have decimals.
    for days, total in ((60, 7), (30, 10), (1, 13)):
        screening(mother, by=case_worker, answers=phq9_answers(total), administered_on=today - datetime.timedelta(days))
    assessment(mother, {"housing": 2}, by=case_worker, on=today - datetime.timedelta(40))
    assessment(mother, {"housing": 3}, by=case_worker, on=today)
    client.force_login(case_worker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(f"/participants/{mother.code}/").content.decode()

    assert f'<html lang="{language}">' in page
    numbers = svg_numbers(page)
    assert {"cx", "cy", "d", "viewBox"} <= {name for name, _value in numbers}
    assert any("." in value for name, value in numbers if name in ("cy", "y")), "no decimal to localise"
    for name, value in numbers:
        pattern = {"d": PATH, "viewBox": VIEW_BOX}.get(name, SINGLE)
        assert pattern.match(value), f"{name}={value!r} in {language}"
