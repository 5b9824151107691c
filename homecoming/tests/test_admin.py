"""The stock Django admin is gone (issue 18 §12): administrators work in Homecoming's own pages."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from directory.models import Membership


def test_the_django_admin_is_neither_installed_nor_routed(client, administrator):
    assert not apps.is_installed("django.contrib.admin")
    client.force_login(administrator)
    assert client.get("/admin/").status_code == 404


def test_a_specialist_membership_needs_a_discipline(city_a, cso_partner):
    membership = Membership(user=cso_partner, organisation=city_a.social, role="specialist")
    with pytest.raises(ValidationError) as raised:
        membership.full_clean()
    assert "discipline" in raised.value.message_dict
