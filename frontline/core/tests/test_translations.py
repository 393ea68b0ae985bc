"""Every string a user sees exists in Khmer: the catalogue is complete and nothing in the code is missing from it."""

import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "km" / "LC_MESSAGES" / "django.po"
SOURCES = ("config", "frontline", "templates", "locale")


def _untranslated_or_fuzzy(po_file: Path) -> str:
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(po_file)], capture_output=True, text=True, check=True
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(po_file)], capture_output=True, text=True, check=True
    ).stdout
    # The header entry ("msgid \"\"") is neither; anything else is a string left in English.
    entries = [block for block in (untranslated + "\n" + fuzzy).split("\n\n") if 'msgid ""\nmsgstr' not in block]
    return "\n\n".join(block.strip() for block in entries if "msgid" in block)


def test_the_khmer_catalogue_translates_every_entry():
    assert _untranslated_or_fuzzy(CATALOGUE) == ""


def test_every_marked_string_in_the_code_is_in_the_khmer_catalogue(tmp_path, monkeypatch):
    """Run makemessages over a copy of the sources: a new string without its translation fails here."""
    for name in SOURCES:
        shutil.copytree(Path(settings.BASE_DIR) / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("makemessages", locale=["km"], no_obsolete=True, verbosity=0)
    assert _untranslated_or_fuzzy(tmp_path / "locale" / "km" / "LC_MESSAGES" / "django.po") == ""
