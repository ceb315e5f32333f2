"""The text catalog: every key in both languages, the same placeholders, every literal key used in
the code defined, and the source text's Korean terms where the app names its concepts."""
from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from ui.i18n import LANGUAGES, catalog

ROOT = Path(__file__).resolve().parent.parent
# t("some.key" ...) with a literal key; keys built at run time (f-strings) are not matched.
LITERAL_KEY = re.compile(r"""\bt\(\s*["']([A-Za-z0-9_.\-]+)["']""")


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_every_key_has_every_language_non_empty() -> None:
    missing = [(key, language) for key, entry in catalog().items() for language in LANGUAGES
               if not isinstance(entry.get(language), str) or not entry[language].strip()]
    assert not missing, f"texts missing or empty: {missing[:20]}"


def test_languages_share_placeholders() -> None:
    mismatched = {key: {language: sorted(placeholders(entry[language])) for language in LANGUAGES}
                  for key, entry in catalog().items()
                  if len({frozenset(placeholders(entry[language])) for language in LANGUAGES}) > 1}
    assert not mismatched, f"placeholders differ between languages: {mismatched}"


def test_every_text_formats() -> None:
    for key, entry in catalog().items():
        for language in LANGUAGES:
            # 1 suits every format spec used ({n:,}, {x:.2f}, {s:02d}, {share:.0%}, {text!r}).
            fields = {name.split(".")[0].split("[")[0]: 1 for name in placeholders(entry[language])}
            entry[language].format(**fields)  # a stray brace raises here


def test_literal_keys_in_the_code_exist() -> None:
    sources = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").rglob("*.py"))]
    used = {(path.relative_to(ROOT).as_posix(), key) for path in sources
            for key in LITERAL_KEY.findall(path.read_text(encoding="utf-8"))}
    unknown = sorted((path, key) for path, key in used if key not in catalog())
    assert not unknown, f"t() keys without a text: {unknown}"


@pytest.mark.parametrize("key, term", [
    ("page.undercomplete", "언더컴플리트 오토인코더"),
    ("uc.latent_title", "잠재 공간"),
    ("uc.intro", "은닉 표현"),
    ("figure.code", "은닉 표현"),
])
def test_korean_follows_the_source_text(key: str, term: str) -> None:
    seed = (ROOT.parent / "shared" / "seed").glob("*.txt")
    source = "".join(path.read_text(encoding="utf-8") for path in seed)
    if source:
        assert term in source, f"{term!r} is not a term of the source text"
    assert term in catalog()[key]["ko"]
