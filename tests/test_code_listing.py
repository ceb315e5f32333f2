"""The code behind each page (ae_core/code_listing.py, ui/code_view.py): every listing is the source of
the live object that runs, every marked concept line is found on every page for every family it
can show, marks follow their line when code moves and fail loudly when it is gone, and the section
draws on every page in both languages with the code, its line numbers and the explanations."""
from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
import textwrap

import pytest

from ae_core import code_listing
from ae_core.code_listing import PAGE_FAMILIES, Mark, MarkNotFound, Piece, listing, page_listings, page_pieces
from tests.page_helpers import open_app_page, text
from tests.tiny_pretrained import ROOT, pretrained_from, write_tiny_pretrained
from ui.i18n import catalog

pytestmark = pytest.mark.usefixtures("small_probes")  # see conftest.py

CASES = [(page, family) for page, families in PAGE_FAMILIES.items() for family in families]


def live_object(piece: Piece):
    target = importlib.import_module(f"ae_core.{piece.module.removesuffix('.py').replace('/', '.')}")
    for part in piece.name.split("."):
        target = getattr(target, part)
    return inspect.unwrap(target)  # e.g. through @torch.no_grad() to the function it runs


@pytest.mark.parametrize("page, family", CASES)
def test_every_mark_is_found_and_explained_in_both_languages(page, family):
    texts = catalog()
    listings = page_listings(page, family)  # raises MarkNotFound for a mark whose line is gone
    concepts = [concept for item in listings for _, concept in item.marks]
    assert len(concepts) == sum(len(piece.marks) for piece in page_pieces(page, family))
    for item in listings:
        assert set(texts[f"code.piece.{item.piece.key}"]) >= {"en", "ko"}
    for concept in concepts:
        assert set(texts[f"code.mark.{concept}"]) >= {"en", "ko"}


@pytest.mark.parametrize("page, family", CASES)
def test_listings_are_the_source_of_the_live_objects(page, family):
    for item in page_listings(page, family):
        target = live_object(item.piece)
        lines, start = inspect.getsourcelines(target)
        assert inspect.getsourcefile(target) == str(ROOT / item.path)
        if item.piece.start is None:
            assert item.code == textwrap.dedent(inspect.getsource(target)).rstrip("\n")
            assert item.first_line == start
        else:
            offset = item.first_line - start
            excerpt = lines[offset:offset + item.code.count("\n") + 1]
            assert 0 <= offset < len(lines) and item.code == textwrap.dedent("".join(excerpt)).rstrip("\n")


def test_each_page_marks_its_concept():
    """The lines the issue names: reparameterisation and KL, noise corruption, pooling indices for
    unpooling, the greedy stage's frozen weights."""
    wanted = {"vae": {"reparam", "kl"}, "denoising": {"noisy_inputs"}, "conv": {"pool_indices", "unpool"},
              "stacked": {"frozen_no_grad", "frozen_outside"}, "undercomplete": {"bottleneck"}}
    for page, concepts in wanted.items():
        marked = {concept for item in page_listings(page) for _, concept in item.marks}
        assert concepts <= marked, page
    reparam = next(item for item in page_listings("vae") if item.piece.name == "VAE.reparameterize")
    number = dict((concept, line) for line, concept in reparam.marks)["reparam"]
    assert reparam.line(number) == "return mu + (0.5 * logvar).exp() * eps"


@pytest.fixture
def package_copy(tmp_path, monkeypatch):
    """A copy of the engine's noise.py that a test may edit, read in place of the real one."""
    (tmp_path / "noise.py").write_text((code_listing.PACKAGE_DIR / "noise.py").read_text())
    monkeypatch.setattr(code_listing, "PACKAGE_DIR", tmp_path)
    code_listing._module_source.cache_clear()
    yield tmp_path / "noise.py"
    code_listing._module_source.cache_clear()


GAUSSIAN = Piece("noise.py", "gaussian", (Mark("gaussian", r"\(x \+ sigma \* noise\)\.clamp_"),))


def test_marks_follow_their_line_when_code_moves(package_copy):
    before = listing(GAUSSIAN)
    source = package_copy.read_text()
    package_copy.write_text(source.replace("import torch\n", "import torch\n\n# moved\n# down\n", 1))
    code_listing._module_source.cache_clear()
    after = listing(GAUSSIAN)
    assert after.first_line == before.first_line + 3
    assert after.marks == before.marks and after.code == before.code


def test_a_line_that_is_gone_or_ambiguous_fails_loudly(package_copy):
    package_copy.write_text(package_copy.read_text().replace("(x + sigma * noise)", "(sigma * noise + x)"))
    code_listing._module_source.cache_clear()
    with pytest.raises(MarkNotFound, match="gaussian"):
        listing(GAUSSIAN)
    with pytest.raises(MarkNotFound, match="exactly one"):
        listing(Piece("noise.py", "gaussian", (Mark("twice", r"torch"),)))
    with pytest.raises(MarkNotFound, match="no definition"):
        listing(Piece("noise.py", "poisson"))


def test_listings_need_no_torch():
    code = ("import sys\nfrom ae_core.code_listing import page_listings\n"
            "[page_listings(p) for p in ('undercomplete', 'stacked', 'denoising', 'conv', 'vae')]\n"
            "assert 'torch' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# --- The section on the pages ------------------------------------------------------------------------

PAGES = {"undercomplete": ("pages/undercomplete.py", {}), "stacked": ("pages/stacked.py", {"stacked.mode": "mnist"}),
         "denoising": ("pages/denoising.py", {}), "conv": ("pages/conv.py", {"conv.decoder": "unpool"}),
         "vae": ("pages/vae.py", {})}
SHIPPED = {"undercomplete": "ae-2d", "stacked": "stacked", "denoising": "dae-gaussian", "conv": "conv-unpool",
           "vae": "vae-2d-mlp"}
# Shipped models that a page also draws beside its own (for comparison).
ALSO_SHIPPED = {"denoising": ("ae-32d",), "conv": ("conv-upsample", "conv-transposed")}


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    keys = set(SHIPPED.values()).union(*ALSO_SHIPPED.values())
    folder = write_tiny_pretrained(tmp_path_factory.mktemp("pretrained"), sorted(keys))
    with pretrained_from(folder):
        yield folder


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("page", list(PAGES))
def test_the_code_view_on_every_page_in_both_languages(shipped, page, lang):
    from ae_core.pretrained import SPECS, load_pretrained
    from ae_core.reproduce import command
    from ui.code_view import expander_key

    path, state = PAGES[page]
    at = open_app_page(path, lang, **state)
    assert any(header.value == text("code.title", lang) for header in at.header)
    trained = at.session_state[f"trained.{page}"] if f"trained.{page}" in at.session_state else None
    family = trained.model.family if trained is not None else SPECS[SHIPPED[page]].family
    listings = page_listings(page, family)
    label = text("code.expander", lang, count=len(listings))
    # Closed, as a page opens: the listings are not sent (the browser would highlight them all).
    expander = next(e for e in at.expander if e.label == label)
    assert not expander.proto.expanded
    assert not [element for element in at.code if element.language == "python"]
    at.session_state[expander_key(page)] = True  # as a click on it does
    at.run()
    expander = next(e for e in at.expander if e.label == label)
    assert expander.proto.expanded
    assert [element.value for element in expander.code] == [item.code for item in listings]
    assert all(element.proto.show_line_numbers for element in expander.code)
    notes = " ".join(block.value for block in expander.markdown)
    for item in listings:
        for number, concept in item.marks:
            assert text(f"code.mark.{concept}", lang) in notes
            assert f"`{item.line(number)}`" in notes
    anchors = [heading.proto.anchor for heading in at.subheader]
    assert "reproduce" in anchors
    if page != "stacked":  # the "Model in use" caption links to it
        assert any(text("code.reproduce.link", lang) in caption.value for caption in at.caption)
    # Each shipped model's command, as ae_core.reproduce writes it from its weights' config and its spec.
    bash = [element.value for element in at.code if element.language == "bash"]
    keys = (SHIPPED[page], *ALSO_SHIPPED.get(page, ()))
    assert len(bash) == len(keys)
    for key in keys:
        spec = SPECS[key]
        _, metadata = load_pretrained(key, device="cpu", folder=shipped)
        assert command({"family": spec.family, "config": metadata["config"], "training": spec.train,
                        "digits": spec.digits}) in bash


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_model_no_command_reproduces_says_why(lang):
    """The stacked page's toy network trains on data the command line cannot load."""
    at = open_app_page("pages/stacked.py", lang)
    assert any(caption.value == text("code.reproduce.none", lang) for caption in at.caption)
    at.number_input(key="panel.stacked.toy.e2e.epochs").set_value(1)
    at.button(key="panel.stacked.toy.e2e.train").click().run()
    job = at.session_state["job.stacked.toy.e2e"]
    assert job.wait(120)
    at.run()
    if job.state == "collapsed":
        at.button(key="panel.stacked.toy.e2e.keep").click().run()
    assert not at.exception, [e.value for e in at.exception]
    prefix = text("code.reproduce.unavailable", lang, message="")
    reasons = [caption.value[len(prefix):] for caption in at.caption if caption.value.startswith(prefix)]
    assert len(reasons) == 1 and "toy-5d" in reasons[0]
    assert not [element for element in at.code if element.language == "bash"]
