import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Attachments land in a throwaway folder, never in var/media."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
