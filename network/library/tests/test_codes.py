import importlib

from casework.models import Phase as CaseworkPhase
from network.library.codes import Domain, Phase


def test_the_phase_codes_are_the_casework_phases():
    assert Phase.values == CaseworkPhase.values


def test_the_domain_codes_are_the_seeded_needs_domains():
    seeded = importlib.import_module("casework.migrations.0002_seed_needs_domains").DOMAINS
    assert Domain.values == [row[0] for row in seeded]
