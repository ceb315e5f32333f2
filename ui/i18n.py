"""English/Korean texts: `t(key, **fmt)` in the language this session chose.

Texts live in per-page modules under ui/texts/ (see its docstring); this module merges them and
picks the language from st.session_state["lang"]. Korean follows the source text's terms
(../shared/seed/): 언더컴플리트 오토인코더, 디노이징 오토인코더, 잠재 공간, 은닉 표현 ...
"""
from __future__ import annotations

import functools
import importlib
import pkgutil
import re

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
    missing text fails a test instead of showing a raw key to a user. Korean texts write a
    particle that depends on the word before it in both forms, "(으)로", "을(를)", "이(가)",
    "은(는)", "과(와)" (the usual notation), and the form that fits the formatted word is kept.
    """
    entry = catalog()[key]
    chosen = language()
    text = entry.get(chosen, entry[DEFAULT_LANGUAGE]).format(**fmt)
    return resolve_particles(text) if chosen == "ko" else text


# --- Korean particles ------------------------------------------------------------------------------
# A particle's form follows the sound that ends the word before it: a final consonant (batchim)
# or not, and for 로 whether that consonant is ㄹ.
_NO_FINAL, _FINAL, _FINAL_RIEUL = "vowel", "consonant", "rieul"
_DIGIT_ENDINGS = {"0": _FINAL, "1": _FINAL_RIEUL, "2": _NO_FINAL, "3": _FINAL, "4": _NO_FINAL,
                  "5": _NO_FINAL, "6": _FINAL, "7": _FINAL_RIEUL, "8": _FINAL_RIEUL, "9": _NO_FINAL}
# 십, 백, 천, 만, 십만, 백만, 천만, 억: the place word a number ending in zeros is read with.
_ZERO_ENDINGS = (_FINAL, _FINAL, _FINAL, _FINAL, _FINAL, _FINAL, _FINAL, _FINAL)
# Latin letters as they are read out (엘, 엠, 엔, 알 end in a consonant; 에이, 비, 씨 ... do not).
_LETTER_ENDINGS = {"l": _FINAL_RIEUL, "r": _FINAL_RIEUL, "m": _FINAL, "n": _FINAL}
# Both forms of each particle as texts write them, and (after a vowel, after a consonant, after ㄹ).
PARTICLES = {
    "(으)로": ("로", "으로", "로"),
    "을(를)": ("를", "을", "을"), "를(을)": ("를", "을", "을"),
    "이(가)": ("가", "이", "이"), "가(이)": ("가", "이", "이"),
    "은(는)": ("는", "은", "은"), "는(은)": ("는", "은", "은"),
    "과(와)": ("와", "과", "과"), "와(과)": ("와", "과", "과"),
}
_PARTICLE_PATTERN = re.compile("|".join(re.escape(form) for form in PARTICLES))
# Marks between a word and its particle that are not read: closing quotes, emphasis, brackets.
_SILENT_TAIL = "\"'’”*_`」』》〉]"


def word_ending(text: str) -> str | None:
    """How `text` ends when read in Korean: "vowel", "consonant", "rieul" (ㄹ), or None when it
    cannot tell (ending in a symbol). A parenthesised aside at the end is skipped: the particle of
    "언풀링(Unpooling)" follows 언풀링."""
    text = text.rstrip().rstrip(_SILENT_TAIL)
    if text.endswith(")") and "(" in text[:-1]:
        inner_start = text.rfind("(")
        if inner_start > 0 and not text[inner_start - 1].isspace():
            text = text[:inner_start].rstrip(_SILENT_TAIL)
    if not text:
        return None
    last = text[-1]
    if "가" <= last <= "힣":
        final = (ord(last) - ord("가")) % 28
        return _NO_FINAL if final == 0 else _FINAL_RIEUL if final == 8 else _FINAL
    if last.isdigit() and last.isascii():
        digits = re.search(r"\d+$", text).group()
        zeros = len(digits) - len(digits.rstrip("0"))
        if zeros and digits.strip("0"):
            return _ZERO_ENDINGS[min(zeros, len(_ZERO_ENDINGS)) - 1]
        return _DIGIT_ENDINGS[last]
    if last.isascii() and last.isalpha():
        word = re.search(r"[A-Za-z]+$", text).group()
        if word.islower() and len(word) > 1:  # an English word read as a word: -ng, -n, -m, -l
            if word.endswith("ng") or word[-1] in "nm":
                return _FINAL
            return _FINAL_RIEUL if word[-1] == "l" else _NO_FINAL
        return _LETTER_ENDINGS.get(last.lower(), _NO_FINAL)
    if last == "%":  # 퍼센트
        return _NO_FINAL
    return None


def with_particle(word: str, particle: str) -> str:
    """`word` followed by the form of `particle` ("(으)로", "을(를)" ...) that fits its ending."""
    return resolve_particles(f"{word}{particle}")


def resolve_particles(text: str) -> str:
    """Every particle written in both forms in `text` replaced by the one that fits the word before
    it; where the ending cannot be told both forms stay, as a careful writer would leave them."""
    pieces: list[str] = []
    position = 0
    for match in _PARTICLE_PATTERN.finditer(text):
        ending = word_ending(text[:match.start()])
        pieces.append(text[position:match.start()])
        if ending is None:
            pieces.append(match.group())
        else:
            after_vowel, after_consonant, after_rieul = PARTICLES[match.group()]
            pieces.append({_NO_FINAL: after_vowel, _FINAL: after_consonant, _FINAL_RIEUL: after_rieul}[ending])
        position = match.end()
    pieces.append(text[position:])
    return "".join(pieces)


def explain(error: BaseException) -> str:
    """Why `error` happened, in the session's language: the text `why.<domain>.<reason>` of an
    ae_core.errors.Explained error where one is written, else the error's own (English) message."""
    key = f"why.{getattr(error, 'domain', '')}.{getattr(error, 'reason', '')}"
    if language() == DEFAULT_LANGUAGE or key not in catalog():
        return str(error)
    # An error that another one wraps (a checkpoint's invalid config) is explained in turn.
    details = {name: explain(value) if isinstance(value, BaseException) else value
               for name, value in getattr(error, "details", {}).items()}
    return t(key, **details)  # details never named "key": t's own argument
