import pytest
from django.http import Http404

from directory.models import Membership
from network.library.models import Practice
from network.library.rules import library_access
from network.library.tests.builders import make_practice


def _access(user):
    return library_access(Membership.objects.get(user=user))


@pytest.fixture
def three(city_a, network_editor, coordinator):
    return {
        "draft": make_practice(network_editor, city_a.social),
        "review": make_practice(network_editor, city_a.social, state=Practice.State.IN_REVIEW),
        "published": make_practice(network_editor, city_a.social, state=Practice.State.PUBLISHED, reviewer=coordinator),
    }


def _seen(user) -> set[str]:
    return set(_access(user).practices().values_list("state", flat=True))


def test_the_network_editor_sees_every_practice_of_the_city(three, network_editor):
    assert _seen(network_editor) == {"draft", "in_review", "published"}


def test_the_coordinator_sees_what_is_submitted_not_the_drafts(three, coordinator):
    assert _seen(coordinator) == {"in_review", "published"}


@pytest.mark.parametrize("persona", ["case_worker", "psychologist", "cso_partner", "police_partner", "me_officer"])
def test_every_other_member_of_the_city_reads_the_published_ones(three, persona, request):
    assert _seen(request.getfixturevalue(persona)) == {"published"}


def test_another_city_sees_none_of_them(three, other_coordinator):
    assert _seen(other_coordinator) == set()


def test_someone_without_a_membership_has_no_library(outsider):
    with pytest.raises(Http404):
        library_access(None)


def test_the_author_may_not_review_but_the_coordinator_may(three, network_editor, coordinator):
    assert not _access(network_editor).may_review(three["review"])
    assert _access(coordinator).may_review(three["review"])


def test_only_editors_edit_and_only_drafts(three, network_editor, coordinator):
    assert _access(network_editor).may_edit(three["draft"])
    assert not _access(network_editor).may_edit(three["published"])
    assert not _access(coordinator).may_edit(three["draft"])


def test_editor_and_coordinator_share_only_published_practices(three, network_editor, coordinator, case_worker):
    assert _access(network_editor).may_share(three["published"])
    assert _access(coordinator).may_share(three["published"])
    assert not _access(coordinator).may_share(three["review"])
    assert not _access(case_worker).may_share(three["published"])
