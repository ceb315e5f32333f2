"""One way every page holds a lesson setting: a keyed widget whose value lives for the session
(`persist_state="session"`: it survives page switches) and is mirrored in the page's URL
(`bind="query-params"`: a copied link opens the page with the same setting).

    kind = state.choice(st.segmented_control, "dn.noise", NOISE_KINDS, "gaussian",
                        label=t("dn.noise"), format_func=lambda k: t(f"dn.noise.{k}"))
    beta = state.number(st.slider, "vae.beta", 1.0, 0.0, 8.0, label=t("vae.beta"))

What the helpers add to the widget options:
- A link whose value the widget cannot take (an unknown option, a number out of range or not a
  number) opens the page with the default, as Streamlit does, and says so above the widget:
  Streamlit drops such a value silently.
- An option widget writes its shown label into the URL (Streamlit's choice), so the label
  depends on the language. A link may also name the option itself (`?dn.noise=masking`), which
  reads the same in every language; and when the language changes, the setting is written again
  so that the URL carries the label of the new language.

The key is the URL parameter's name and the `st.session_state` key other code reads; code may set
`st.session_state[key]` before the widget draws (the widget then shows that value).

The lesson pattern every page follows (pages/conv.py is a short example):
1. its settings through these helpers, so they persist and are in the link;
2. `models.current_model(KEY, <shipped key for these settings, or None>, data, settings={widget key:
   value}, model_settings=<the same keys read from a model>)`: the model in view follows from the
   settings, a trained model made for others is named with one click back, and the sidebar's
   model source is drawn from the same facts;
3. every view, caption and text drawn from that one choice;
4. `training_panel(KEY, ...)` for these settings, then `model_upload(KEY, family)`.
"""
from __future__ import annotations

import math
from typing import Any, Callable, Sequence

import streamlit as st

from ui.i18n import language, t

LANGUAGE_SEEN_KEY = "state.language_seen"  # {setting key: the language its label was last written in}
BAD_VALUE_CHARS = 40  # a long value from a link is cut when quoted back
# Which argument holds an option widget's default, by the widget's function name.
OPTION_DEFAULT = {"segmented_control": "default", "pills": "default", "select_slider": "value",
                  "selectbox": "index", "radio": "index"}


def _bound(key: str) -> dict[str, Any]:
    return {"key": key, "persist_state": "session", "bind": "query-params"}


def _first_visit(key: str) -> str | None:
    """The URL's raw value for `key` when this session has not held the setting yet (later, the URL
    only repeats what the widget wrote); None otherwise."""
    if key in st.session_state:
        return None
    raw = st.query_params.get(key)
    return None if raw is None else str(raw)


def _link_by_label(key: str, option: Any, label: str) -> None:
    """A link named an option itself (`?vae.view=explore`), not the label that the widget reads
    from the URL and writes into it: have the widget read the label instead, so that it takes the
    option and keeps the parameter in the address (which Streamlit drops as invalid otherwise, and
    the address copied next would open the default). Streamlit 1.67 keeps the URL's first values in
    QueryParams._initial_query_params (requirements.txt pins the version; tests/browser/test_links.py
    checks the address)."""
    from streamlit.runtime.state import get_session_state

    with get_session_state().query_params() as params:
        first = getattr(params, "_initial_query_params", None)
        if isinstance(first, dict):
            first[key] = [label]
            return
    st.session_state[key] = option  # another Streamlit: the option still opens, the address loses it


def say_bad_link(label: str, raw: str, default: str) -> None:
    shown = raw if len(raw) <= BAD_VALUE_CHARS else raw[:BAD_VALUE_CHARS] + "…"
    st.warning(t("state.bad_link", setting=label, value=shown, default=default), icon=":material/link_off:")


def _follow_language(key: str) -> None:
    """After a language change, write the setting again so the URL carries the new label."""
    seen = st.session_state.setdefault(LANGUAGE_SEEN_KEY, {})
    now = language()
    if key in st.session_state and seen.get(key) not in (None, now):
        st.session_state[key] = st.session_state[key]
    seen[key] = now


def _as_number(raw: str) -> float | None:
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def choice(widget: Callable[..., Any], key: str, options: Sequence[Any], default: Any, *, label: str,
           format_func: Callable[[Any], str] = str, **kwargs: Any) -> Any:
    """An option widget (segmented_control, pills, select_slider, selectbox, radio) bound to `key`;
    returns the chosen option (`default` if the widget holds none)."""
    options = tuple(options)
    if default not in options:
        raise ValueError(f"setting {key}: default {default!r} is not among its options")
    labels = {option: format_func(option) for option in options}
    raw = _first_visit(key)
    if raw is not None and raw not in labels.values():
        number = _as_number(raw)
        named = [option for option in options if str(option) == raw
                 or (number is not None and not isinstance(option, str) and option == number)]
        if named:
            _link_by_label(key, named[0], labels[named[0]])
        else:
            say_bad_link(label, raw, labels[default])
    _follow_language(key)
    name = widget.__name__
    default_argument = OPTION_DEFAULT[name]
    kwargs[default_argument] = options.index(default) if default_argument == "index" else default
    if name in ("segmented_control", "pills"):
        kwargs.setdefault("selection_mode", "single")
        kwargs.setdefault("required", True)
    value = widget(label=label, options=options, format_func=labels.__getitem__, **_bound(key), **kwargs)
    return value if value in options else default


def choices(widget: Callable[..., Any], key: str, options: Sequence[Any], default: Sequence[Any], *,
            label: str, format_func: Callable[[Any], str] = str, **kwargs: Any) -> list[Any]:
    """A multi-select option widget (pills, multiselect) bound to `key`; returns the chosen options
    in their given order. The URL repeats the parameter once per chosen option, by its label
    (`?novelty.normal=0&novelty.normal=3`). Values of a link that are not options are left out, as
    Streamlit does, and the page says so: with the default where none is left, else with the rest."""
    options = tuple(options)
    default = [option for option in options if option in tuple(default)]
    labels = {option: format_func(option) for option in options}
    if key not in st.session_state and key in st.query_params:
        raws = [str(raw) for raw in st.query_params.get_all(key) if str(raw) != ""]
        bad = [raw for raw in raws if raw not in labels.values()]
        good = [option for option in options if labels[option] in raws]
        shown = ", ".join(bad)
        if bad and not good:
            say_bad_link(label, shown, ", ".join(labels[option] for option in default))
        elif bad:
            shown = shown if len(shown) <= BAD_VALUE_CHARS else shown[:BAD_VALUE_CHARS] + "…"
            st.warning(t("state.bad_link_items", setting=label, value=shown,
                         used=", ".join(labels[option] for option in good)), icon=":material/link_off:")
    _follow_language(key)
    if widget.__name__ == "pills":
        kwargs.setdefault("selection_mode", "multi")
    value = widget(label=label, options=options, default=default, format_func=labels.__getitem__,
                   **_bound(key), **kwargs)
    return [option for option in options if option in (value or [])]


def number(widget: Callable[..., Any], key: str, default: float, low: float, high: float, *, label: str,
           step: float | None = None, **kwargs: Any) -> Any:
    """A number widget (slider, number_input) bound to `key`, within [low, high]."""
    raw = _first_visit(key)
    if raw is not None:
        value = _as_number(raw)
        integer = isinstance(default, int)
        if value is None or not low <= value <= high or (integer and value != int(value)):
            say_bad_link(label, raw, str(default))
    _follow_language(key)
    return widget(label=label, min_value=low, max_value=high, value=default, step=step, **_bound(key), **kwargs)


def text(key: str, default: str, *, label: str, **kwargs: Any) -> str:
    """A text input bound to `key` (the page parses the text and says when it uses the default)."""
    _follow_language(key)
    return st.text_input(label=label, value=default, **_bound(key), **kwargs)
