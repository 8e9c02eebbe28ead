"""Bahasa Indonesia and English: the catalogue is complete, the choice sticks."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES" / "django.po"
SOURCE_DIRS = [
    "accounts",
    "api",
    "assessments",
    "config",
    "core",
    "cycles",
    "demo",
    "org",
    "pages",
    "privacy",
    "roles",
    "scim",
    "teams",
    "templates",
    "webhooks",
]


def parse_po(path: Path) -> dict[str, tuple[str, bool]]:
    """msgid → (msgstr, fuzzy) for every entry, plural forms by their singular."""
    entries: dict[str, tuple[str, bool]] = {}
    fuzzy = False
    msgid = msgstr = None
    field = None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if line.startswith("#,"):
            fuzzy = "fuzzy" in line
        elif line.startswith("msgctxt"):
            field = "ctxt"
        elif line.startswith("msgid_plural"):
            field = "plural"
        elif line.startswith("msgid "):
            msgid, field = line[6:].strip('"'), "id"
        elif line.startswith("msgstr"):
            value = line.split(" ", 1)[1].strip('"')
            msgstr = value if msgstr is None else msgstr or value
            field = "str"
        elif line.startswith('"') and field:
            text = line.strip('"')
            if field == "id":
                msgid += text
            elif field == "str":
                msgstr = (msgstr or "") + text
        elif not line:
            if msgid:
                entries[msgid] = (msgstr or "", fuzzy)
            fuzzy, msgid, msgstr, field = False, None, None, None
    return entries


@pytest.fixture(scope="module")
def fresh_catalogue(tmp_path_factory):
    """makemessages run on a copy of the code, so nothing in the checkout changes."""
    root = tmp_path_factory.mktemp("i18n")
    for name in SOURCE_DIRS:
        shutil.copytree(
            Path(settings.BASE_DIR) / name,
            root / name,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    (root / "locale").mkdir()
    subprocess.run(
        ["xgettext", "--version"], check=True, capture_output=True
    )  # gettext is installed
    import os

    cwd = os.getcwd()
    os.chdir(root)
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(settings, "LOCALE_PATHS", [root / "locale"], raising=False)
            call_command(
                "makemessages",
                locale=["id"],
                verbosity=0,
                no_obsolete=True,
                ignore_patterns=["migrations/*"],
            )
    finally:
        os.chdir(cwd)
    return parse_po(root / "locale" / "id" / "LC_MESSAGES" / "django.po")


def test_every_string_in_the_code_is_in_the_indonesian_catalogue(fresh_catalogue):
    committed = parse_po(CATALOGUE)
    missing = sorted(set(fresh_catalogue) - set(committed))
    assert not missing, f"{len(missing)} strings missing from {CATALOGUE}: {missing[:20]}"


def test_every_catalogue_entry_is_translated_and_none_is_fuzzy():
    committed = parse_po(CATALOGUE)
    untranslated = sorted(k for k, (v, _f) in committed.items() if not v)
    fuzzy = sorted(k for k, (_v, f) in committed.items() if f)
    assert not untranslated, f"untranslated: {untranslated[:20]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:20]}"
    stats = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    assert "untranslated" not in stats and "fuzzy" not in stats, stats
