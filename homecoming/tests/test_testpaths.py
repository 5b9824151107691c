"""Every app's tests run in `make test`: an app missing from pytest's testpaths would be skipped
silently by CI (issue 14's API tests once were)."""

import tomllib
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]


def test_every_app_with_tests_is_in_the_testpaths():
    testpaths = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["testpaths"])
    ours = {Path(config.path) for config in apps.get_app_configs() if Path(config.path).parent == ROOT}
    with_tests = {path.name for path in ours if (path / "tests").is_dir()}
    assert with_tests - testpaths == set()
