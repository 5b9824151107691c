"""Every page with an invalid form opens with an error summary (the GOV.UK pattern): a titled box
naming each field with its message and linking to it, the page title starting with "Error:"."""

import re

from django import forms
from django.template import Context, Template
from django.urls import reverse

from casework.models import NeedsDomain
from people.tests.test_register_household import BOY, GIRL, MOTHER
from people.tests.test_register_household import _post as register


def summary(page: str) -> str:
    found = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    assert found, "no error summary"
    return found.group(0)


class Sample(forms.Form):
    name = forms.CharField(label="Name")
    age = forms.IntegerField(label="Age")

    def clean(self):
        raise forms.ValidationError("The whole form is wrong.")


def test_the_summary_names_each_field_links_to_it_and_lists_the_whole_forms_problems():
    form = Sample({"name": "", "age": "x"})
    html = Template('{% include "homecoming/_error_summary.html" %}').render(Context({"form": form}))
    assert 'role="alert" tabindex="-1"' in html and "There is a problem" in html
    assert '<a href="#id_name">Name: This field is required.</a>' in html
    assert '<a href="#id_age">Age: Enter a whole number.</a>' in html
    assert "<li>The whole form is wrong.</li>" in html


def test_an_unbound_or_valid_form_has_no_summary():
    unbound = Template('{% include "homecoming/_error_summary.html" %}').render(Context({"form": Sample()}))
    assert "error-summary" not in unbound


def test_a_half_filled_needs_assessment_names_each_domain_left_unrated(client, family, case_worker):
    client.force_login(case_worker)
    housing = NeedsDomain.objects.get(code="housing")
    page = client.post(
        reverse("assessment_new", args=[family.mother.code]), {"assessed_on": "2026-01-10", f"rating_{housing.pk}": 3}
    ).content.decode()
    assert "<title>Error: " in page
    listed = summary(page)
    unrated = NeedsDomain.objects.filter(is_optional=False).exclude(code="housing").exclude(applies_to="children")
    assert unrated.count() >= 5
    for domain in unrated:
        assert f'<a href="#id_rating_{domain.pk}_0">{domain.name_en}: This field is required.</a>' in listed
    assert "Housing:" not in listed
    assert f'id="id_rating_{unrated[0].pk}_0"' in page
    # What was typed is kept.
    assert re.search(rf'name="rating_{housing.pk}" value="3"[^>]*checked', page)


def test_a_registration_error_under_the_third_member_is_named_at_the_top(client, case_worker):
    client.force_login(case_worker)
    third = {**BOY, "date_of_birth": "not a date"}
    page = register(client, [MOTHER, GIRL, third]).content.decode()
    listed = summary(page)
    assert '<a href="#id_member-2-date_of_birth">Member 3, ' in listed
    assert page.index("error-summary") < page.index("member-0-full_name")
    assert 'value="Asel Sample"' in page


def test_a_valid_page_has_no_summary_and_no_error_in_its_title(client, case_worker):
    client.force_login(case_worker)
    page = client.get(reverse("register_household")).content.decode()
    assert "error-summary" not in page and "<title>Error:" not in page
