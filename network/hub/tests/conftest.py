import pytest


@pytest.fixture
def hub(settings):
    """This instance runs as the network hub."""
    settings.HOMECOMING_ROLE = "hub"
    return settings
