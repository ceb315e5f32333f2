"""Complete Korean: particles that fit the word before them, emphasis that renders, and every page
drawn in Korean without English words left in its texts, charts and messages.

The page scan opens each page as a browser would (app.py first) with small stand-ins for the
shipped models, and reads every text element, widget label and option, and every text a Plotly
chart carries (titles, axis titles, legend names, annotations, hover templates). Words allowed in
Korean are the ones the source text and Korean teaching material keep in Latin letters: acronyms
(MNIST, PCA, AUROC, PSNR, MSE ...), names (PyTorch, ReLU, Adam), units (dB, nats), the symbols of
the formulas (x, h, z, We1, Wd4), file formats, code (in backticks) and English glosses written in
parentheses after the Korean term, as the source text does: 특징 추출 (Feature Extraction).
"""
from __future__ import annotations

import json
import re
import unicodedata

import pytest

from tests.page_helpers import open_app_page
from tests.tiny_pretrained import pretrained_from, write_tiny_pretrained
from ui.i18n import catalog, resolve_particles, with_particle
from ui.navigation import existing_pages

pytestmark = pytest.mark.usefixtures("small_probes")  # see conftest.py

# --- Particles -------------------------------------------------------------------------------------


@pytest.mark.parametrize("written, expected", [
    ("숫자 0, 3(으)로", "숫자 0, 3으로"),  # 삼: a final consonant
    ("숫자 2(으)로", "숫자 2로"),  # 이: none
    ("숫자 7(으)로", "숫자 7로"),  # 칠: ㄹ takes 로
    ("10(으)로", "10으로"),  # 십
    ("β = 0.5(으)로", "β = 0.5로"),
    ("MNIST을(를)", "MNIST를"), ("KMNIST이(가)", "KMNIST가"), ("PSNR은(는)", "PSNR은"),  # 엠, 알
    ("파일(으)로", "파일로"), ("모델이(가)", "모델이"), ("노이즈와(과)", "노이즈와"), ("층과(와)", "층과"),
    ("**노이즈**(으)로", "**노이즈**로"), ("‘가우시안’(으)로", "‘가우시안’으로"),
    ("*언풀링*(Unpooling)은(는)", "*언풀링*(Unpooling)은"),  # the particle follows the Korean word
    ("50%을(를)", "50%를"),
])
def test_particles_fit_the_word_before_them(written, expected):
    assert resolve_particles(written) == expected


def test_a_particle_after_a_symbol_keeps_both_forms():
    assert resolve_particles("{x}을(를)") == "{x}을(를)"
    assert with_particle("숫자 3", "(으)로") == "숫자 3으로"


# --- Markdown emphasis ----------------------------------------------------------------------------

def _punctuation(character: str) -> bool:
    return character != "" and unicodedata.category(character)[0] in "PS"


def _space(character: str) -> bool:
    return character == "" or character.isspace()


def unrendered_emphasis(text: str) -> list[str]:
    """Asterisk runs that CommonMark leaves literal: an opening run must be left-flanking and a
    closing one right-flanking. "*언풀링(Unpooling)*은" fails: its closer follows ")" and precedes
    a letter."""
    runs = list(re.finditer(r"(?<!\\)\*+", text))
    bad = []
    for index, run in enumerate(runs):
        before = text[run.start() - 1] if run.start() else ""
        after = text[run.end()] if run.end() < len(text) else ""
        left = not _space(after) and (not _punctuation(after) or _space(before) or _punctuation(before))
        right = not _space(before) and (not _punctuation(before) or _space(after) or _punctuation(after))
        if not (left if index % 2 == 0 else right):
            bad.append(text[max(0, run.start() - 20):run.end() + 10])
    return bad


def test_the_checker_finds_the_unrendered_emphasis_it_is_for():
    assert unrendered_emphasis("*언풀링(Unpooling)*은")
    assert not unrendered_emphasis("*언풀링*(Unpooling)은 **주요 기술:** 값")


def test_every_text_renders_its_emphasis():
    # A placeholder stands for a word: "**{answer}**에" renders once {answer} is filled in.
    filled = {(key, lang): re.sub(r"\{[^{}]*\}", "값", text) for key, entry in catalog().items()
              for lang, text in entry.items()}
    problems = {where: unrendered_emphasis(text) for where, text in filled.items() if unrendered_emphasis(text)}
    assert not problems


@pytest.mark.parametrize("key", ["state.bad_link", "state.bad_link_items"])
def test_a_bad_link_message_renders_for_a_label_that_ends_in_a_parenthesis(key):
    # A setting's label can end in ")" ("정상 숫자 (모델은 이것만 학습)"); bold closed after it and
    # followed by a letter stays literal, as a phone screenshot showed.
    for lang, text in catalog()[key].items():
        filled = text.format(setting="정상 숫자 (모델은 이것만 학습)", value="eleven", default="0", used="3")
        assert not unrendered_emphasis(filled), (lang, filled)


# --- Pages in Korean --------------------------------------------------------------------------------

ALLOWED = {
    "MNIST", "Fashion-MNIST", "KMNIST", "PyTorch", "ReLU", "Adam", "dB", "nats", "safetensors", "English",
    "WebP", "LeCun", "Hinton", "Salakhutdinov", "Bengio", "Vincent", "Kingma", "Welling", "Masci", "Odena",
    "Goodfellow", "Rumelhart", "Higgins", "Sigmoid", "sigmoid", "Streamlit", "Plotly",
    "log", "exp", "Shift",  # a formula's log, a key on the keyboard
    "t-SNE",  # a method's name, like PCA
}
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]")
_SKIPPED = [
    re.compile(r"```.*?```", re.S),  # code blocks
    re.compile(r"`[^`]*`"),  # inline code
    re.compile(r"\]\([^)]*\)"),  # a link's target
    re.compile(r"<[^>]+>|%\{[^}]*\}"),  # HTML tags, Plotly's hover placeholders
    re.compile(r"(?<=[\uac00-\ud7a3*A-Z])\s?\([A-Za-z][^()]*\)"),  # (English gloss) after a term
    re.compile(r"(?<![A-Za-z])(?:[A-Za-z]{1,3}\d+|W[ed]k|W[ed](?=\())"),  # We1, Wd4, Wek, We(k-1), PC1, z2
]


def english_words(text: str) -> list[str]:
    for pattern in _SKIPPED:
        text = pattern.sub(" ", text)
    return [word for word in _WORD.findall(text)
            if word not in ALLOWED and not re.fullmatch(r"[A-Z0-9-]+", word)]  # acronyms: PCA, AUROC


def test_the_scan_tells_english_from_allowed_words():
    assert english_words("loss (train)") == ["loss", "train"]
    assert english_words("특징 추출 (Feature Extraction) · MNIST, PSNR 17 dB, `self.encoder`, We1 / Wd4, "
                         "Wek를, We(k-1)이") == []
    assert english_words("conv 16-32, code 16, transposed conv") == ["conv", "code", "transposed", "conv"]


def _chart_texts(spec: object) -> list[str]:
    found: list[str] = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in ("x", "y", "z", "customdata", "source"):
                continue
            if key in ("text", "name", "hovertemplate", "hovertext", "ticktext") and isinstance(value, str):
                found.append(value)
            elif key in ("text", "hovertext", "ticktext") and isinstance(value, list):
                found.extend(item for item in value if isinstance(item, str))
            else:
                found.extend(_chart_texts(value))
    elif isinstance(spec, list):
        for item in spec:
            found.extend(_chart_texts(item))
    return found


def page_texts(at) -> list[str]:
    """Every text a reader sees on the page: elements, widget labels and options, chart texts."""
    texts: list[str] = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "title", "header",
                 "subheader", "exception", "toast"):
        texts.extend(str(element.value) for element in at.get(kind))
    for chart in at.get("plotly_chart"):
        texts.extend(_chart_texts(json.loads(chart.proto.spec)))
    for kind in ("button", "selectbox", "radio", "slider", "number_input", "text_input", "checkbox",
                 "toggle", "segmented_control", "select_slider", "multiselect", "expander", "tab", "metric",
                 "file_uploader", "download_button", "page_link"):
        for element in at.get(kind):
            proto = element.proto
            for field in ("label", "help", "placeholder", "body"):
                value = getattr(proto, field, None)
                if isinstance(value, str) and value:
                    texts.append(value)
            for option in getattr(proto, "options", ()):
                texts.append(option if isinstance(option, str) else getattr(option, "content", str(option)))
    return texts


@pytest.fixture(scope="module")
def tiny_shipped_models(tmp_path_factory):
    from ae_core import pretrained

    folder = write_tiny_pretrained(tmp_path_factory.mktemp("pretrained"), list(pretrained.SPECS))
    with pretrained_from(folder):
        yield folder


@pytest.mark.parametrize("page", [entry.path for entry in existing_pages()])
def test_a_page_in_korean_leaves_no_english_in_texts_charts_or_messages(page, tiny_shipped_models):
    at = open_app_page(page, "ko", timeout=600)
    left = sorted({(word, text[:120]) for text in page_texts(at) for word in english_words(text)})
    assert not left, "\n".join(f"{word!r} in {text!r}" for word, text in left)


def test_a_particle_after_a_placeholder_is_written_in_both_forms():
    # The word a placeholder becomes is known only at run time: "{digits}로" reads "3로" for 3.
    # A percentage ({rate:.0%}) always ends in 퍼센트, so its particle is fixed.
    after_placeholder = re.compile(r"\{([^{}:]*)(:[^{}]*)?\}(을|를|이|가|은|는|과|와|로|으로)(?=[\s,.·:;)!?]|$)")
    fixed = [(key, match.group()) for key, entry in catalog().items()
             for match in after_placeholder.finditer(entry["ko"])
             if not (match.group(2) or "").endswith("%")]
    assert not fixed


def test_korean_pages_wrap_between_words_and_streamlits_own_english_gives_way():
    from ui import style

    korean, english = style.css("ko", "업로드"), style.css("en", "Upload")
    assert "word-break: keep-all" in korean and "keep-all" not in english
    assert 'content: "업로드"' in korean and "stFileUploaderDropzoneInstructions" in korean
    assert "stFileUploaderDropzone" not in english  # English keeps Streamlit's own words
    assert ".katex-display" in korean and ".katex-display" in english  # formulas scroll on a phone


# --- Errors from the engine -----------------------------------------------------------------------

def _explained_raises():
    """(file, line, error class, reason, detail names) of every construction of an ae_core.errors.Explained error
    in ae_core's source."""
    import ast
    import inspect
    from pathlib import Path

    import importlib

    import ae_core
    from ae_core.errors import Explained

    root = Path(ae_core.__file__).parent
    sources = [path for path in sorted(root.rglob("*.py")) if path.name != "__main__.py"]
    for path in sources:  # every error class defined anywhere in the engine
        importlib.import_module(".".join(["ae_core", *path.relative_to(root).with_suffix("").parts])
                                .removesuffix(".__init__"))

    def subclasses(cls):
        return [sub for direct in cls.__subclasses__() for sub in (direct, *subclasses(direct))]

    classes = {cls.__name__: cls for cls in subclasses(Explained) if cls.__module__.startswith("ae_core")}
    found = []
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in classes:
                reason = node.args[1].value if len(node.args) > 1 and isinstance(node.args[1], ast.Constant) else None
                reason = classes[node.func.id].fixed_reason or reason
                details = [keyword.arg for keyword in node.keywords]
                found.append((path.name, node.lineno, classes[node.func.id], reason, details))
    return found


def test_every_engine_error_that_reaches_a_page_has_a_korean_reason():
    found = _explained_raises()
    assert len(found) >= 40  # the checkpoint, shipped-model, reproduce and config checks, divergence
    assert {"CheckpointError", "ConfigError", "NotReproducible", "TrainingDiverged"} <= {cls.__name__ for _, _, cls, _, _ in found}
    texts = catalog()
    for file, line, cls, reason, details in found:
        assert reason, f"{file}:{line}: {cls.__name__} without a reason"
        assert "key" not in details, f"{file}:{line}: a detail named key would collide with t()'s argument"
        entry = texts.get(f"why.{cls.domain}.{reason}")
        assert entry is not None, f"{file}:{line}: no text why.{cls.domain}.{reason}"
        assert re.search("[가-힣]", entry["ko"]), f"why.{cls.domain}.{reason} has no Korean"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_an_engine_error_is_explained_in_the_sessions_language(monkeypatch, lang):
    import ui.i18n
    from ae_core.checkpoints import CheckpointError, from_bytes

    with pytest.raises(CheckpointError) as refused:
        from_bytes(b"\x80\x04\x95" + bytes(200))  # a pickle's first bytes
    with pytest.raises(CheckpointError) as too_large:
        from_bytes(bytes(3 * 2**20), max_bytes=2**20)
    monkeypatch.setattr(ui.i18n, "language", lambda: lang)
    if lang == "en":  # the engine's own message, word for word
        assert ui.i18n.explain(refused.value) == str(refused.value)
    else:
        assert ui.i18n.explain(refused.value) == catalog()["why.checkpoint.pickle"]["ko"]
        assert ui.i18n.explain(too_large.value) == "파일이 3.0 MB입니다. 체크포인트는 1 MB까지 받습니다"
        assert ui.i18n.explain(ValueError("plain")) == "plain"  # not an explained error: as it is


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_an_error_inside_another_is_explained_too(monkeypatch, lang):
    import ui.i18n
    from ae_core.checkpoints import CheckpointError, from_bytes, to_bytes
    from ae_core.models import build_model

    model = build_model("ae", {"latent_dim": 2, "hidden": [8]}, seed=0)
    data = to_bytes(model, {}).replace(b'\\"latent_dim\\": 2', b'\\"latent_dim\\": 0')  # same length

    with pytest.raises(CheckpointError) as refused:
        from_bytes(data)
    assert refused.value.reason == "bad_config"
    monkeypatch.setattr(ui.i18n, "language", lambda: lang)
    said = ui.i18n.explain(refused.value)
    if lang == "en":
        assert said == str(refused.value) and "latent_dim must be an integer in [1," in said
    else:  # the checkpoint's reason and the config's own, both in Korean
        assert said.startswith("체크포인트의 ae 모델 설정이 올바르지 않습니다 (latent_dim 값은 [1,")
        assert "받은 값: 0" in said and "must" not in said and "got" not in said
