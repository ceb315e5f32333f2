"""English/Korean texts: `t(key, **fmt)` in the language this session chose.

Texts live in per-page modules under ui/texts/ (see its docstring); this module merges them and
picks the language from st.session_state["lang"]. Korean follows the source text's terms
(../shared/seed/): 언더컴플리트 오토인코더, 디노이징 오토인코더, 잠재 공간, 은닉 표현 ...
"""
from __future__ import annotations

import functools
import importlib
import pkgutil

from ui import texts

LANGUAGES = {"en": "English", "ko": "한국어"}
DEFAULT_LANGUAGE = "en"
LANGUAGE_KEY = "lang"


@functools.cache
def catalog() -> dict[str, dict[str, str]]:
    """Every text module's entries merged; a key defined twice is an error, not a silent override."""
    merged: dict[str, dict[str, str]] = {}
    origin: dict[str, str] = {}
    for module_info in sorted(pkgutil.iter_modules(texts.__path__), key=lambda info: info.name):
        module = importlib.import_module(f"{texts.__name__}.{module_info.name}")
        for key, entry in module.TEXTS.items():
            if key in merged:
                raise ValueError(f"text key {key!r} is defined in both {origin[key]} and {module_info.name}")
            merged[key] = entry
            origin[key] = module_info.name
    return merged


def language() -> str:
    import streamlit as st

    chosen = st.session_state.get(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, **fmt: object) -> str:
    """The text for `key` in the session's language, formatted with `fmt`.

    An unknown key raises KeyError: the AppTests render every page in both languages, so a
    missing text fails a test instead of showing a raw key to a user.
    """
    entry = catalog()[key]
    return entry.get(language(), entry[DEFAULT_LANGUAGE]).format(**fmt)
