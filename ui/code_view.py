""""The code behind this page", drawn at the end of each concept page: the command line that
reproduces each model in view (ae_core/reproduce.py), and the engine's own code that builds, runs
and trains the page's model (ae_core/code_listing.py) with the lines of the page's idea marked and
explained beside it.

    code_view.render("vae", choice)          # a page's last call, with the model it shows
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

import streamlit as st

from ui import models
from ui.i18n import explain, t

if TYPE_CHECKING:
    from ae_core.code_listing import Listing
    from ui.stacked import Mode

ANCHOR = "code"
# Test metrics shown beside a command, in this order, as the engine names them.
METRIC_FORMATS = {"mse": "MSE {:.4f}", "psnr": "PSNR {:.2f} dB", "bce": "BCE {:.2f}", "neg_elbo": "−ELBO {:.2f}",
                  "recon": "recon {:.2f}", "kl": "KL {:.2f}"}


def reproduce_metadata(choice: models.ModelChoice) -> dict[str, Any]:
    """What the command is made from: the model's metadata; for a shipped model, its training as
    its spec in ae_core.pretrained states it (what `python -m ae_core pretrain` ran)."""
    if choice.pretrained_key is not None:
        from ae_core.pretrained import as_trained

        return as_trained(choice.pretrained_key, choice.metadata)
    return dict(choice.metadata)


def reproduce_command(choice: models.ModelChoice) -> tuple[str | None, str | None]:
    """(the command line, None), or (None, why no command reproduces the model)."""
    from ae_core.reproduce import NotReproducible, command

    try:
        return command(reproduce_metadata(choice)), None
    except NotReproducible as error:
        return None, explain(error)


def metrics_text(test: dict[str, float] | None) -> str:
    return ", ".join(form.format(test[name]) for name, form in METRIC_FORMATS.items() if name in (test or {}))


def reproduce_section(choices: list[models.ModelChoice]) -> None:
    st.subheader(t("code.reproduce.title"), anchor="reproduce")
    if not choices:
        st.caption(t("code.reproduce.none"))
        return
    st.caption(t("code.reproduce.intro"))
    for choice in choices:
        st.markdown(t("code.reproduce.model", description=choice.description, source=t(f"source.{choice.source}")))
        line, problem = reproduce_command(choice)
        if line is None:
            st.caption(t("code.reproduce.unavailable", message=problem))
            continue
        st.code(line, language="bash", wrap_lines=True)
        metrics = metrics_text(choice.metadata.get("test"))
        if metrics:
            st.caption(t("code.reproduce.metrics", metrics=metrics))


def marks_markdown(listing: "Listing") -> str:
    """The marked lines as a list: line number, the line itself, and what it does."""
    if not listing.marks:
        return t("code.no_marks")
    items = []
    for number, concept in listing.marks:
        code = listing.line(number).replace("`", "'")
        items.append(f"- **{t('code.line', number=number)}** `{code}`  \n  {t(f'code.mark.{concept}')}")
    return "\n".join(items)


def listing_view(listing: "Listing") -> None:
    """The piece's title and place, its code at full width (the engine's lines are long), and
    the marked lines with their explanations right under it."""
    st.markdown(f"**{t(f'code.piece.{listing.piece.key}')}**")
    st.caption(t("code.where", path=listing.path, first=listing.first_line, last=listing.last_line))
    st.code(listing.code, language="python", line_numbers=True)
    if listing.marks:
        st.markdown(f"*{t('code.marked')}*")
    st.markdown(marks_markdown(listing))


def expander_key(page: str) -> str:
    return f"code.{page}.open"


@st.fragment
def code_section(page: str, family: str) -> None:
    """The listings, drawn only while their expander is open: highlighting a few hundred lines of
    Python with line numbers held the browser for 0.3 s or more on every visit, before the page
    below it (the explorer's maps) could show. Opening it reruns this fragment alone."""
    from ae_core.code_listing import MarkNotFound, listing, page_pieces

    pieces = page_pieces(page, family)
    st.caption(t("code.showing", family=t(f"code.family.{family}")))
    box = st.expander(t("code.expander", count=len(pieces)), icon=":material/code:", key=expander_key(page),
                      on_change="rerun")
    if not box.open:
        return
    with box:
        for piece in pieces:
            try:
                listing_view(listing(piece))
            except MarkNotFound as error:
                st.warning(t("code.missing", message=str(error)), icon=":material/warning:")


def shipped_choices(keys: Sequence[str], shown: list[models.ModelChoice]) -> list[models.ModelChoice]:
    """The shipped models `keys` that are not already among `shown` and whose weights load (a
    missing file is said where the page shows that model)."""
    from ae_core.checkpoints import CheckpointError
    from ae_core.pretrained import PretrainedUnavailable

    have = {choice.pretrained_key for choice in shown}
    extra = []
    for key in keys:
        if key in have:
            continue
        try:
            extra.append(models.pretrained_choice(key))
        except (PretrainedUnavailable, CheckpointError):
            continue
    return extra


def render(page: str, *choices: models.ModelChoice | None, shipped: Sequence[str] = ()) -> None:
    """The section for `page` (a key of ae_core.code_listing.PAGE_FAMILIES) and the models it
    shows: `choices` (the page's model first; None where there is none) and the shipped models
    `shipped` that the page also draws (e.g. for comparison). Their commands, then the code of
    the first one's family (the page's own when there is none)."""
    from ae_core.code_listing import PAGE_FAMILIES

    shown = [choice for choice in choices if choice is not None]
    shown += shipped_choices(shipped, shown)
    families = [getattr(choice.model, "family", None) for choice in shown]
    family = next((name for name in families if name in PAGE_FAMILIES[page]), PAGE_FAMILIES[page][0])
    st.divider()
    st.header(t("code.title"), anchor=ANCHOR)
    st.caption(t("code.intro"))
    reproduce_section(shown)
    code_section(page, family)


def render_stacked(mode: "Mode") -> None:
    """The Stacked AE page's section: its greedy and end-to-end models, trained or shipped."""
    from ui.stacked import E2E, GREEDY

    choices = []
    for which in (GREEDY, E2E):
        trained = models.trained_model(mode.keys[which])
        if trained is not None:
            choices.append(models.trained_choice(trained))
        elif which == E2E and mode.pretrained_key is not None:
            choice, _ = models.pretrained_or_trained(mode.pretrained_key, mode.keys[E2E])
            choices.append(choice)
    render("stacked", *choices)
