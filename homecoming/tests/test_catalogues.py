"""The Russian and Kazakh catalogues are complete, compiled and in step with the code."""

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ["ru", "kk"]


def _po(language: str) -> Path:
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


def _msgids(po: Path) -> set[str]:
    """msgids of a .po file, joined across continuation lines (enough for our catalogues)."""
    ids, current, in_id = set(), [], False
    for line in [*po.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("msgid "):
            current, in_id = [line[6:]], True
        elif in_id and line.startswith('"'):
            current.append(line)
        else:
            if in_id:
                ids.add("".join(part.strip()[1:-1] for part in current))
            in_id = False
    ids.discard("")
    return ids


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated(language):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(_po(language))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_the_source(language, tmp_path):
    fresh = tmp_path / "fresh.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(_po(language))], check=True)
    with open(fresh, "rb") as a, open(_po(language).with_suffix(".mo"), "rb") as b:
        assert gettext.GNUTranslations(a)._catalog == gettext.GNUTranslations(b)._catalog, "run `make messages`"


def test_every_marked_string_is_in_the_catalogues(tmp_path):
    """Extracts the strings afresh from a copy of the code and compares with the catalogues."""
    copy = tmp_path / "src"
    ignore = shutil.ignore_patterns(".venv", ".git", "var", "__pycache__", "*.mo", ".pytest_cache", ".ruff_cache")
    shutil.copytree(ROOT, copy, ignore=ignore)
    env = {"HOMECOMING_DEBUG": "true", "PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "homecoming.settings"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ru", "--no-location", "--no-obsolete"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    extracted = _msgids(copy / "locale" / "ru" / "LC_MESSAGES" / "django.po")
    for language in LANGUAGES:
        missing = extracted - _msgids(_po(language))
        assert not missing, f"{language}: not in the catalogue, run `make messages`: {sorted(missing)[:10]}"


def test_templates_have_no_unmarked_text():
    """A rough net for text typed straight into a template without {% translate %}."""
    offenders = []
    for template in ROOT.glob("*/templates/**/*.html"):
        # A {# #} comment ends on its line: Django shows one that runs over several lines as text.
        text = re.sub(
            r"{% blocktranslate.*?endblocktranslate %}|{% comment %}.*?{% endcomment %}|{%.*?%}|{{.*?}}|{#[^\n]*?#}"
            r"|<script.*?</script>",
            "",
            template.read_text(),
            flags=re.S,
        )
        for chunk in re.findall(r">([^<>]+)<", text):
            words = chunk.strip()
            if re.search(r"[A-Za-z]{3,}", words) and words.strip("· ") != "Homecoming":
                offenders.append(f"{template.relative_to(ROOT)}: {words!r}")
    assert offenders == []
