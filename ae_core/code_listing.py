"""The code behind each page: the source of the ae_core functions that build, run and train the
page's model, with the lines of the page's concept marked.

Sources are read from the very files the engine is imported from (this package's own folder) and
cut out with `ast`, so a listing is always the code that runs; nothing here imports torch. A mark
finds its line by content (a regular expression that exactly one line of its piece matches), never
by line number, so edits that move code keep the marks in place, and an edit that removes a marked
line raises MarkNotFound (a test lists every mark of every page) instead of marking a wrong line.
"""
from __future__ import annotations

import ast
import functools
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PAGES = ("undercomplete", "stacked", "denoising", "conv", "vae")


class MarkNotFound(LookupError):
    """A piece's source no longer holds a line that one of its marks looks for (or holds several)."""


@dataclass(frozen=True)
class Mark:
    """A concept's line: `concept` names its explanation (text key code.mark.<concept>);
    `pattern` is a regular expression that exactly one line of the piece matches."""

    concept: str
    pattern: str


@dataclass(frozen=True)
class Piece:
    """A function or class of ae_core (`module` relative to the package, `name` qualified as in
    "VAE.reparameterize"), or the lines of one from the first that matches `start` through the
    first after it that matches `end`."""

    module: str
    name: str
    marks: tuple[Mark, ...] = ()
    start: str | None = None
    end: str | None = None
    excerpt: str | None = None  # names an excerpt (start/end) apart from the others of `name`

    @property
    def key(self) -> str:
        """A name for the piece's title (text key code.piece.<key>)."""
        base = f"{self.module.removesuffix('.py').replace('/', '.')}.{self.name}"
        return base if self.excerpt is None else f"{base}.{self.excerpt}"


@dataclass(frozen=True)
class Listing:
    """A piece's code as shown: dedented, with the file's line number of its first line and the
    marked lines as (1-based line within `code`, concept)."""

    piece: Piece
    path: str  # e.g. "ae_core/models/vae.py"
    first_line: int
    code: str
    marks: tuple[tuple[int, str], ...]

    @property
    def last_line(self) -> int:
        return self.first_line + self.code.count("\n")

    def line(self, number: int) -> str:
        """The listing's line `number` (1-based), without its indentation."""
        return self.code.splitlines()[number - 1].strip()


@functools.cache
def _module_source(module: str) -> tuple[list[str], ast.Module]:
    path = PACKAGE_DIR / module
    text = path.read_text(encoding="utf-8")
    return text.splitlines(), ast.parse(text, filename=str(path))


def _definition(tree: ast.Module, module: str, name: str) -> ast.AST:
    node: ast.AST = tree
    for part in name.split("."):
        found = [child for child in getattr(node, "body", [])
                 if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and child.name == part]
        if not found:
            raise MarkNotFound(f"no definition {name!r} in ae_core/{module}")
        node = found[-1]  # the last one is what the module's name refers to at run time
    return node


def _first(lines: list[str], pattern: str, begin: int, what: str) -> int:
    regex = re.compile(pattern)
    for index in range(begin, len(lines)):
        if regex.search(lines[index]):
            return index
    raise MarkNotFound(f"no line matches {pattern!r} ({what})")


def listing(piece: Piece) -> Listing:
    """The piece's code and marks; raises MarkNotFound when a definition or a marked line is gone."""
    lines, tree = _module_source(piece.module)
    node = _definition(tree, piece.module, piece.name)
    decorators = [decorator.lineno for decorator in getattr(node, "decorator_list", [])]
    first = min([node.lineno, *decorators]) - 1  # 0-based, decorators included as inspect does
    last = node.end_lineno  # exclusive
    if piece.start is not None:
        where = f"{piece.module} {piece.name}"
        first = _first(lines[:last], piece.start, first, where)
        last = _first(lines[:last], piece.end or piece.start, first, where) + 1
    body = lines[first:last]
    marks = []
    for mark in piece.marks:
        regex = re.compile(mark.pattern)
        hits = [number for number, text in enumerate(body, start=1) if regex.search(text)]
        if len(hits) != 1:
            raise MarkNotFound(f"{len(hits)} lines of {piece.module} {piece.name} match {mark.pattern!r} "
                               f"(the mark {mark.concept!r} needs exactly one)")
        marks.append((hits[0], mark.concept))
    code = textwrap.dedent("\n".join(body))
    return Listing(piece, f"ae_core/{piece.module}", first + 1, code, tuple(sorted(marks)))


# --- What each page shows --------------------------------------------------------------------------

def training_step(*marks: Mark) -> Piece:
    """One step of the one training loop (ae_core.training.train): batch, corruption, loss, update."""
    return Piece("training.py", "train", (
        Mark("step_loss", r"terms = compute_loss\(inputs, targets\)"),
        Mark("backward", r'terms\["loss"\]\.backward\(\)'),
        Mark("update", r"optimizer\.step\(\)"),
        *marks), start=r"for group in optimizer\.param_groups", end=r"optimizer\.step\(\)", excerpt="step")


RECONSTRUCTION_LOSS = Piece("models/base.py", "reconstruction_terms", (
    Mark("bce", r"binary_cross_entropy_with_logits"),))

# The family's module as it runs: how it encodes, decodes and scores a batch.
FAMILY_PIECES: dict[str, tuple[Piece, ...]] = {
    "ae": (
        Piece("models/ae.py", "UndercompleteAE", (
            Mark("bottleneck", r"sizes = \[IMAGE_PIXELS, \*self\.config\.hidden, self\.config\.latent_dim\]"),
            Mark("mirror", r"self\.decoder = mlp\(sizes\[::-1\]\)"),
            Mark("encode", r"return self\.encoder\(x\.flatten\(1\)\)"))),
        Piece("models/base.py", "Autoencoder.loss", (
            Mark("recon_loss", r"reconstruction_terms\(self\.decode_logits\(self\.encode\(inputs\)\)"),)),
        RECONSTRUCTION_LOSS,
    ),
    "stacked": (
        Piece("models/stacked.py", "StackedAE.layer_codes", (
            Mark("stacked_layers", r"for k, layer in enumerate\(self\.encoder_layers"),
            Mark("linear_code", r"if k < self\.depth:"))),
        Piece("models/stacked.py", "StackedAE._decode_from"),
        Piece("models/base.py", "Autoencoder.loss", (
            Mark("recon_loss", r"reconstruction_terms\(self\.decode_logits\(self\.encode\(inputs\)\)"),)),
    ),
    "conv": (
        Piece("models/conv.py", "ConvAE._encode", (
            Mark("pool_indices", r"h, where = self\.pool\(h\)"),
            Mark("keep_indices", r"indices\.append\(where\)"))),
        Piece("models/conv.py", "ConvAE._decode", (
            Mark("unpool_where", r"where = indices\[i\] if indices is not None"),
            Mark("unpool", r"h = self\.unpool\(h, where"))),
        Piece("models/conv.py", "ConvAE.loss", (
            Mark("indices_passed", r"self\.reconstruction_logits\(inputs\)"),)),
        Piece("models/conv.py", "ConvAE.reconstruction_logits", (
            Mark("encode_with_indices", r"code, indices = self\._encode\(x\)"),)),
    ),
    "vae": (
        Piece("models/vae.py", "VAE.posterior", (
            Mark("posterior_head", r"mu, logvar = self\.to_posterior\("),)),
        Piece("models/vae.py", "VAE.reparameterize", (
            Mark("eps", r"eps = torch\.randn\("),
            Mark("reparam", r"return mu \+ \(0\.5 \* logvar\)\.exp\(\) \* eps"))),
        Piece("models/vae.py", "kl_divergence", (
            Mark("kl", r"0\.5 \* \(mu\.pow\(2\) \+ logvar\.exp\(\) - 1\.0 - logvar\)"),)),
        Piece("models/vae.py", "VAE.loss", (
            Mark("sample_decode", r"self\.decode_logits\(self\.reparameterize\(mu, logvar\)\)"),
            Mark("beta", r'"loss": recon \+ self\.config\.beta \* kl'))),
    ),
}

# The page's own concept, shown before the family's module.
PAGE_PIECES: dict[str, tuple[Piece, ...]] = {
    "undercomplete": (),
    "stacked": (
        Piece("models/stacked.py", "GreedyStage.__init__", (
            Mark("stage_trains", r"self\.encoder_layer = model\.encoder_layers\[k - 1\]"),
            Mark("stage_mirror", r"self\.decoder_layer = model\.decoder_layers\[model\.depth - k\]"),
            Mark("frozen_outside", r"self\._model = \(model,\)"))),
        Piece("models/stacked.py", "GreedyStage.stage_inputs", (
            Mark("frozen_no_grad", r"@torch\.no_grad\(\)"),
            Mark("frozen_codes", r"h = self\.model\.activation\(layer\(h\)\)"))),
        Piece("models/stacked.py", "GreedyStage.loss", (
            Mark("stage_target", r"recon = \(output - self\.stage_inputs\(targets\)\)"),)),
        Piece("training.py", "train", (
            Mark("trainable_only", r"parameters = \[p for p in model\.parameters\(\) if p\.requires_grad\]"),),
            start=r"parameters = \[p for p in model\.parameters\(\)", end=r"optimizer = make_optimizer\(",
            excerpt="trainable"),
    ),
    "denoising": (
        Piece("noise.py", "corrupt", (Mark("corrupt_dispatch", r"return _FUNCTIONS\[kind\]\(x, level, generator\)"),)),
        Piece("noise.py", "gaussian", (Mark("gaussian", r"\(x \+ sigma \* noise\)\.clamp_\(0\.0, 1\.0\)"),)),
        Piece("noise.py", "salt_and_pepper", (Mark("salt_pepper", r"torch\.where\(hit, "),)),
        Piece("noise.py", "masking", (Mark("masking", r"_uniform\(x, generator\) >= p"),)),
    ),
    "conv": (
        Piece("models/conv.py", "ConvAE.__init__", (
            Mark("return_indices", r"nn\.MaxPool2d\(2, return_indices=True\)"),
            Mark("unpool_layer", r"self\.unpool = nn\.MaxUnpool2d\(2\)"))),
    ),
    "vae": (),
}

# The families a page's model can be (its first is the page's own).
PAGE_FAMILIES: dict[str, tuple[str, ...]] = {
    "undercomplete": ("ae",), "stacked": ("stacked",), "denoising": ("ae", "conv"), "conv": ("conv",),
    "vae": ("vae",),
}

STEP_MARKS: dict[str, tuple[Mark, ...]] = {
    "denoising": (Mark("noisy_inputs", r"inputs = noise_module\.corrupt\(targets"),),
}


def page_pieces(page: str, family: str | None = None) -> tuple[Piece, ...]:
    """The pieces a page shows for a model of `family` (default: the page's own): the page's
    concept, the family's module, and the training step."""
    if page not in PAGE_PIECES:
        raise KeyError(f"page must be one of {', '.join(PAGE_PIECES)}, got {page!r}")
    family = family or PAGE_FAMILIES[page][0]
    if family not in FAMILY_PIECES:
        raise KeyError(f"model family must be one of {', '.join(FAMILY_PIECES)}, got {family!r}")
    return (*PAGE_PIECES[page], *FAMILY_PIECES[family], training_step(*STEP_MARKS.get(page, ())))


def page_listings(page: str, family: str | None = None) -> list[Listing]:
    return [listing(piece) for piece in page_pieces(page, family)]
