"""Views of the Variational AE page: q(z|x) and the reparameterisation made tangible, the loss with
its beta, the latent pad (test codes, posterior ellipses, draggable probes decoded as they move)
beside a map of decoded images, the user's own digit on the pad, interpolation, prior samples.

Per model, three things are slow enough not to compute in a page run: the test set's posterior
(mu, sigma) with the loss terms, the decoder payload the pad ships to the browser (1-3 s of int8
calibration), and the latent maps. A shipped model's ship in its views file (ae_core/views.py) or
are computed once per server in the background; a model the session trained gets its own, computed
in the background once (ui/resources.py).
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Callable

import numpy as np
import streamlit as st

from ae_core.views import PosteriorView
from ui import models, resources, state
from ui.charts import shared_figure
from ui.i18n import t
from ui.images import grid, image_rows, show_png, strip, to_numpy
from ui.latent_pad import PAD_STRINGS, current_probes, latent_pad

if TYPE_CHECKING:
    from concurrent.futures import Future

    import torch

    from ae_core.data import ImageData

KEY = "vae"
ARCHITECTURES = ("mlp", "conv")
ARCHITECTURE_KEY = "vae.architecture"
BETA_KEY = "vae.beta"
BETAS = (0.0, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
PAD_KEY = "vae.pad"
PROBES_KEY = "vae.probes"  # the probes' positions as of the last release: [[z1, z2], ...]
DEFAULT_PROBES = [[-1.0, 0.0], [1.0, 0.0]]
RANGE_KEY = "vae.range"
RANGES = (1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 5.0)
DEFAULT_RANGE = 4.0
GRID_KEY = "vae.grid"
GRID_SIZES = (8, 10, 12, 15, 20, 25)
PICKS_KEY = "vae.picks"
PICKS_SEED_KEY = "vae.picks_seed"
MAX_PICKS = 20
# Hover images for the first test codes only: 3,000 of them keep the pad's data near 0.75 MB,
# inside its 1 MB budget with the int8 decoder (all 10,000 would take 1.9 MB).
HOVER_IMAGES = 3000
# The int8 decoder is calibrated on a grid over the widest range the range slider allows, where
# probes can go. Measured with the shipped 2-D MLP VAE: max abs 7.2e-3 against torch over +-4,
# in 0.4-0.9 s; adding the 10,000 test codes to the grid took 3.6 s and gained nothing.
CALIBRATION_RANGE = max(RANGES)
LOSS_IMAGES = 1000
REPARAM_SEEDS_KEY = "vae.reparam.seeds"
REPARAM_NEXT_KEY = "vae.reparam.next_seed"
REPARAM_MU = ("vae.reparam.mu1", "vae.reparam.mu2")
REPARAM_SIGMA = ("vae.reparam.sigma1", "vae.reparam.sigma2")
REPARAM_MAX = 500
REPARAM_MANY = 50
INTERP_A, INTERP_B, INTERP_STEPS = "vae.interp.a", "vae.interp.b", "vae.interp.steps"
PRIOR_SEED_KEY = "vae.prior_seed"
PRIOR_SAMPLES = 20


def pretrained_key(architecture: str) -> str:
    return f"vae-2d-{architecture}"


def usable(choice: models.ModelChoice | None) -> bool:
    """The page's views need a VAE with a 2-D code."""
    return (choice is not None and getattr(choice.model, "family", None) == "vae"
            and choice.model.latent_dim == 2)


def in_browser(model: "torch.nn.Module") -> bool:
    """MLP decoders of Linear/ReLU layers run in the browser; others (convolutional, or another
    activation) on the server, on release."""
    return model.config.architecture == "mlp" and model.config.activation == "relu"


# ---- caches ---------------------------------------------------------------------------------------

def _task(choice: models.ModelChoice, data: "ImageData", name: str, params: dict[str, Any],
          compute: Callable[["torch.nn.Module", "ImageData"], Any], kind: Any = None) -> "Future[Any]":
    """A view of the page's model: a shipped model's from its views file (else once per server in
    the background); a trained model's once in the background for this session."""
    if choice.source == models.PRETRAINED:
        return resources.pretrained_view_task(choice.pretrained_key, name, data.name, params, compute, kind)
    model = choice.model
    return resources.background((f"vae.{name}", data.name, json.dumps(params, sort_keys=True)),
                                lambda: compute(model, data), owner=model)


def posterior_task(choice: models.ModelChoice, data: "ImageData") -> "Future[PosteriorView]":
    from ae_core.views import posterior_view as compute

    return _task(choice, data, "posterior", {"loss_images": LOSS_IMAGES},
                 lambda model, data: compute(model, data, LOSS_IMAGES), PosteriorView)


def posterior_view(choice: models.ModelChoice, data: "ImageData") -> PosteriorView | None:
    """The test set's posterior and loss terms; None while they are computed (the pad section says so)."""
    return resources.wait_for(posterior_task(choice, data))


def decoder_payload_task(choice: models.ModelChoice, data: "ImageData") -> "Future[dict[str, Any]]":
    """The pad's browser decoder (int8, calibrated over the widest visible range; 1-3 s)."""
    from ae_core.views import browser_decoder

    return _task(choice, data, "browser_decoder", {"calibration_range": CALIBRATION_RANGE},
                 lambda model, data: browser_decoder(model, CALIBRATION_RANGE))


def latent_map_images(choice: models.ModelChoice, data: "ImageData", half_range: float, n: int) -> np.ndarray:
    """decode_grid over [-half_range, half_range]^2 as (n, n, 28, 28) uint8."""
    from ae_core.views import latent_map

    # The default map ships in the views file; another range or grid is the one the user just
    # asked for, a fraction of a second to decode, so the pad's fragment waits for it.
    return _task(choice, data, "map", {"half_range": half_range, "n": n},
                 lambda model, data: latent_map(model, half_range, n)).result()


def decode(model: "torch.nn.Module", codes: np.ndarray) -> np.ndarray:
    """Codes (P, 2) -> images (P, 28, 28) float32 in [0, 1], decoded here."""
    import torch

    from ae_core.latent import decode_codes

    return to_numpy(decode_codes(model, torch.as_tensor(np.asarray(codes, dtype=np.float32).reshape(-1, 2))))


# ---- page parts -----------------------------------------------------------------------------------

def architecture_choice() -> str:
    architecture = state.choice(st.segmented_control, ARCHITECTURE_KEY, ARCHITECTURES, "mlp",
                                label=t("vae.architecture"), format_func=lambda a: t(f"vae.architecture.{a}"))
    st.caption(t(f"vae.architecture_help.{architecture}"))
    return architecture


def picks_from_state(data: "ImageData") -> tuple[list[int], str | None]:
    """The test images whose ellipses the pad draws: parsed from the picks text (one of each digit
    until the user changes it), with the problem (for the user) when the text does not parse."""
    count = data.test_images.shape[0]
    raw = str(st.session_state.get(PICKS_KEY, _picks_default(data))).strip()
    if not raw:
        return [], None
    parts = [part for part in raw.replace(";", ",").replace(" ", ",").split(",") if part]
    try:
        picks = [int(part.lstrip("#")) for part in parts]
    except ValueError:
        return [], t("vae.picks_error", text=raw)
    bad = [p for p in picks if not 0 <= p < count]
    if bad:
        return [], t("vae.picks_range", numbers=", ".join(map(str, bad)), last=count - 1)
    unique = list(dict.fromkeys(picks))
    return unique[:MAX_PICKS], t("vae.picks_too_many", limit=MAX_PICKS) if len(unique) > MAX_PICKS else None


def _picks_default(data: "ImageData") -> str:
    return ", ".join(str(i) for i in resources.preview_indices(data.name))


def _other_picks(count: int) -> None:
    seed = st.session_state.get(PICKS_SEED_KEY, 0) + 1
    st.session_state[PICKS_SEED_KEY] = seed
    picks = np.random.default_rng(seed).choice(count, size=10, replace=False)
    st.session_state[PICKS_KEY] = ", ".join(str(int(i)) for i in sorted(picks))


def posterior_section(choice: models.ModelChoice | None, data: "ImageData") -> None:
    """q(z|x) = N(mu, sigma^2) and z = mu + sigma * eps with sliders, fresh eps per click, and the
    decoded image of the latest z when a model is at hand."""
    from ae_core.figures import reparameterization
    from ae_core.variational import expected_inside, inside_fraction, reparameterized_samples

    st.subheader(t("vae.q_title"))
    st.markdown(t("vae.q_intro"))
    st.latex(r"q(z \mid x) = \mathcal{N}\big(z;\ \mu(x),\ \sigma^2(x)\big), \qquad "
             r"z = \mu(x) + \sigma(x) \odot \varepsilon, \quad \varepsilon \sim \mathcal{N}(0, I)")
    st.markdown(t("vae.reparam_intro"))
    for state_key, default in zip((*REPARAM_MU, *REPARAM_SIGMA), (0.0, 0.0, 1.0, 1.0)):
        st.session_state.setdefault(state_key, default)
    st.session_state.setdefault(REPARAM_SEEDS_KEY, [])
    st.session_state.setdefault(REPARAM_NEXT_KEY, 1)

    def draw(count: int) -> None:
        first = st.session_state[REPARAM_NEXT_KEY]
        seeds = st.session_state[REPARAM_SEEDS_KEY] + list(range(first, first + count))
        st.session_state[REPARAM_SEEDS_KEY] = seeds[-REPARAM_MAX:]
        st.session_state[REPARAM_NEXT_KEY] = first + count

    def clear() -> None:
        st.session_state[REPARAM_SEEDS_KEY] = []

    def set_mu(values: list[float], sigmas: list[float] | None = None) -> None:
        for state_key, value in zip(REPARAM_MU, values):
            st.session_state[state_key] = float(np.clip(round(value, 1), -3.0, 3.0))
        for state_key, value in zip(REPARAM_SIGMA, sigmas or []):
            st.session_state[state_key] = float(np.clip(round(value, 2), 0.05, 2.0))

    sliders, figure_column = st.columns([1, 3])
    with sliders:
        mu = [st.slider(t(f"vae.mu{i + 1}"), -3.0, 3.0, step=0.1, key=REPARAM_MU[i]) for i in range(2)]
        sigma = [st.slider(t(f"vae.sigma{i + 1}"), 0.05, 2.0, step=0.05, key=REPARAM_SIGMA[i]) for i in range(2)]
    with st.container(horizontal=True):
        st.button(t("vae.draw_one"), icon=":material/casino:", on_click=draw, args=(1,), type="primary",
                  key="vae.reparam.draw_one")
        st.button(t("vae.draw_many", count=REPARAM_MANY), on_click=draw, args=(REPARAM_MANY,),
                  key="vae.reparam.draw_many")
        st.button(t("vae.draw_clear"), on_click=clear, key="vae.reparam.clear")
        # Read at click time: a release reruns only the pad's fragment, not this button's run.
        st.button(t("vae.mu_from_probe"), key="vae.reparam.from_probe", on_click=lambda: set_mu(
            current_probes(PAD_KEY, st.session_state.get(PROBES_KEY, DEFAULT_PROBES))[0]))
        if usable(choice):
            picks, _ = picks_from_state(data)
            view = posterior_view(choice, data) if picks else None
            if view is not None:
                st.button(t("vae.q_from_test", index=picks[0]), on_click=set_mu,
                          args=(view.mu[picks[0]].tolist(), view.sigma[picks[0]].tolist()),
                          key="vae.reparam.from_test")
    seeds = st.session_state[REPARAM_SEEDS_KEY]
    eps, z = reparameterized_samples(mu, sigma, seeds)
    with figure_column:
        labels = {name: t(f"vae.fig.{name}") for name in ("eps", "z", "mu", "latest", "one_sigma", "two_sigma")}
        st.plotly_chart(shared_figure(reparameterization, eps.numpy(), z.numpy(), mu, sigma, labels=labels),
                        key="vae.reparam.figure", config={"displayModeBar": False})
    if not seeds:
        st.caption(t("vae.reparam_empty"))
        return
    numbers, pictures_column = st.columns([3, 1])
    e, last = eps[-1].tolist(), z[-1].tolist()
    with numbers:
        st.markdown(t("vae.reparam_last", e1=e[0], e2=e[1], m1=mu[0], m2=mu[1], s1=sigma[0], s2=sigma[1],
                      z1=last[0], z2=last[1]))
        inside = inside_fraction(eps)
        st.caption(t("vae.reparam_inside", inside=round(inside * len(seeds)), count=len(seeds), share=inside,
                     expected=expected_inside()))
    if usable(choice):
        pictures = decode(choice.model, np.asarray([mu, last]))
        show_png(strip(pictures, scale=3), caption=t("vae.reparam_decoded"), target=pictures_column)


def loss_section(choice: models.ModelChoice | None, data: "ImageData") -> float:
    """The loss, recon + beta * KL, with the beta control; returns beta (the training panel's)."""
    st.subheader(t("vae.loss_title"))
    st.markdown(t("vae.loss_intro"))
    st.latex(r"\mathcal{L}(x) = \underbrace{-\,\mathbb{E}_{q(z \mid x)}\big[\log p(x \mid z)\big]}_{\text{"
             + t("vae.latex.recon") + r"}} + \beta\, \underbrace{\mathrm{KL}\big(q(z \mid x)\,\|\,"
             r"\mathcal{N}(0, I)\big)}_{\text{" + t("vae.latex.kl") + r"}}")
    st.latex(r"\mathrm{KL} = \tfrac{1}{2} \sum_{j} \big(\mu_j^2 + \sigma_j^2 - 1 - \log \sigma_j^2\big)")
    control, effect = st.columns([2, 3])
    with control:
        beta = float(state.choice(st.select_slider, BETA_KEY, BETAS, 1.0, label=t("vae.beta"),
                                  help=t("vae.beta_help"), format_func=lambda value: f"{value:g}"))
    effect.markdown(t("vae.beta_effect"))
    view = posterior_view(choice, data) if usable(choice) else None
    if view is not None:
        terms = view.terms
        recon, kl = terms["recon"], terms["kl"]
        columns = st.columns(3)
        columns[0].metric(t("vae.metric.recon"), f"{recon:.1f}")
        columns[1].metric(t("vae.metric.kl"), f"{kl:.2f}")
        columns[2].metric(t("vae.metric.total", beta=f"{beta:g}"), f"{recon + beta * kl:.1f}")
        trained_beta = float(choice.model.config.beta)
        st.caption(t("vae.loss_caption", count=min(LOSS_IMAGES, data.test_images.shape[0]),
                     trained_beta=f"{trained_beta:g}"))
    return beta


def _digit_on_pad(choice: models.ModelChoice) -> tuple[float, float, float, float] | None:
    """The user's digit: drawn or uploaded, encoded and reconstructed; returns (mu, sigma) for
    its marker on the pad (None until there is a digit)."""
    import torch

    from ae_core.variational import posterior
    from ui.digit_input import digit_input

    st.subheader(t("vae.digit_title"))
    st.write(t("vae.digit_intro"))
    entry, result = st.columns([1, 2])
    with entry:
        _, digit = digit_input(KEY)
    if digit is None:
        return None
    image = torch.from_numpy(digit)
    mu, sigma = (v[0].tolist() for v in posterior(choice.model, image))
    reconstruction = decode(choice.model, np.asarray([mu]))
    with result:
        image_rows([(t("vae.digit_row.input"), digit[None]), (t("vae.digit_row.output"), reconstruction)], scale=5)
        st.markdown(t("vae.digit_result", m1=mu[0], m2=mu[1], s1=sigma[0], s2=sigma[1]))
        st.caption(t("vae.digit_marker_note", label=t("vae.marker.yours")))
    return mu[0], mu[1], sigma[0], sigma[1]


def _interpolation_ends(count: int, data: "ImageData") -> tuple[int, int]:
    """The two test images to interpolate between, as their widgets hold them (read before they
    are drawn, so that the pad above can mark them)."""
    default_a, default_b = _interpolation_defaults(data)
    a = int(st.session_state.get(INTERP_A, default_a))
    b = int(st.session_state.get(INTERP_B, default_b))
    return min(max(a, 0), count - 1), min(max(b, 0), count - 1)


def _interpolation_defaults(data: "ImageData") -> tuple[int, int]:
    firsts = resources.preview_indices(data.name)
    return firsts[1 % len(firsts)], firsts[7 % len(firsts)]


def pad_section(choice: models.ModelChoice, data: "ImageData") -> None:
    """The controls of the latent pad and map (range, grid, picked ellipses), then the pad, the map
    and the user's digit as one fragment: a probe's release or a stroke on the canvas reruns that
    fragment alone, not the whole page."""
    st.subheader(t("vae.pad_title"))
    st.markdown(t("vae.pad_intro"))
    count = data.test_images.shape[0]
    st.session_state.setdefault(PICKS_KEY, _picks_default(data))
    range_column, grid_column, picks_column, other_column = st.columns([2, 2, 4, 1.5], vertical_alignment="bottom")
    with range_column:
        half_range = float(state.choice(st.select_slider, RANGE_KEY, RANGES, DEFAULT_RANGE, label=t("vae.range"),
                                        format_func=lambda r: f"±{r:g}"))
    with grid_column:
        n = int(state.choice(st.select_slider, GRID_KEY, GRID_SIZES, 15, label=t("vae.grid"),
                             format_func=lambda k: f"{k}×{k}"))
    with other_column:
        st.button(t("vae.picks_other"), icon=":material/shuffle:", on_click=_other_picks, args=(count,),
                  key="vae.picks_other")
    with picks_column:
        st.text_input(t("vae.picks"), key=PICKS_KEY, help=t("vae.picks_help", last=count - 1, limit=MAX_PICKS))
    picks, problem = picks_from_state(data)
    if problem:
        st.warning(problem, icon=":material/warning:")
    # What the pad needs, made outside its fragment: a note stands here until it is ready.
    needed = [posterior_task(choice, data)] + ([decoder_payload_task(choice, data)] if in_browser(choice.model) else [])
    if resources.wait_for_all(needed, t("vae.preparing")) is not None:
        _pad_and_map(choice, data, half_range, n, picks)


@st.fragment
def _pad_and_map(choice: models.ModelChoice, data: "ImageData", half_range: float, n: int,
                 picks: list[int]) -> None:
    """The pad beside the latent map, the probes' positions as numbers, and the user's digit (drawn
    below the pad, computed before it so that its marker shows in the same run)."""
    import torch

    from ae_core.figures import latent_map
    from ae_core.variational import ellipses

    view = posterior_task(choice, data).result()  # pad_section waited for it
    pad_column, map_column = st.columns([11, 9])
    numbers = st.container()
    with st.container():
        yours = _digit_on_pad(choice)

    picked = ellipses(torch.from_numpy(view.mu), torch.from_numpy(view.sigma), picks)
    a, b = _interpolation_ends(len(view.mu), data)
    markers: list[tuple] = [(*view.mu[a].tolist(), t("vae.marker.a")), (*view.mu[b].tolist(), t("vae.marker.b"))]
    if yours is not None:
        markers.append((yours[0], yours[1], t("vae.marker.yours"), yours[2], yours[3]))
    strings = {name: t(f"vae.pad.{name}") for name in PAD_STRINGS}
    browser = in_browser(choice.model)
    with pad_column:
        payload = decoder_payload_task(choice, data).result() if browser else None
        positions = latent_pad(
            view.mu, view.labels, key=PAD_KEY, class_names=data.class_names,
            hover_images=resources.hover_images(data.name, HOVER_IMAGES),
            decoder_payload=payload,
            server_decode=None if browser else (lambda codes: decode(choice.model, codes)),
            probes=st.session_state.get(PROBES_KEY, DEFAULT_PROBES), ellipses=picked, markers=markers,
            x_range=(-half_range, half_range), y_range=(-half_range, half_range), height=460, strings=strings)
        st.session_state[PROBES_KEY] = positions
        st.caption(t("vae.pad_mode.browser" if browser else "vae.pad_mode.server"))
    with numbers:
        if positions:
            st.markdown(" · ".join(t("vae.probe_position", index=i + 1, z1=x, z2=y)
                                   for i, (x, y) in enumerate(positions)))
    with map_column:
        images = latent_map_images(choice, data, half_range, n)
        map_markers = [(x, y, str(i + 1)) for i, (x, y) in enumerate(positions)]
        if yours is not None:
            map_markers.append((yours[0], yours[1], t("vae.marker.yours")))
        st.plotly_chart(shared_figure(latent_map, images, (-half_range, half_range), (-half_range, half_range),
                                      markers=map_markers, height=460),
                        key="vae.map", config={"displayModeBar": False})
        st.caption(t("vae.map_caption", n=n, r=half_range))


def interpolation_section(choice: models.ModelChoice, data: "ImageData") -> None:
    from ae_core.latent import interpolate

    st.subheader(t("vae.interp_title"))
    st.write(t("vae.interp_intro"))
    count = data.test_images.shape[0]
    default_a, default_b = _interpolation_defaults(data)
    columns = st.columns([1, 1, 2])
    with columns[0]:
        a = int(state.number(st.number_input, INTERP_A, default_a, 0, count - 1, step=1, label=t("vae.interp_a")))
    with columns[1]:
        b = int(state.number(st.number_input, INTERP_B, default_b, 0, count - 1, step=1, label=t("vae.interp_b")))
    with columns[2]:
        steps = int(state.number(st.slider, INTERP_STEPS, 10, 3, 16, label=t("vae.interp_steps")))
    images = data.test_images
    path = to_numpy(interpolate(choice.model, images[a], images[b], steps))
    image_rows([(t("vae.interp_row.ends"), to_numpy(images[[a, b]])), (t("vae.interp_row.path"), path)])
    view = posterior_view(choice, data)
    if view is None:  # the pad section above says it is being computed
        return
    crossed = regions_on_path(view, a, b, steps)
    if crossed:
        names = ", ".join(data.class_names[label] for label in crossed)
        st.info(t("vae.interp_crosses", la=data.class_names[int(view.labels[a])],
                  lb=data.class_names[int(view.labels[b])], others=names), icon=":material/route:")
    st.caption(t("vae.interp_caption", a=a, b=b, a1=float(view.mu[a, 0]), a2=float(view.mu[a, 1]),
                 b1=float(view.mu[b, 0]), b2=float(view.mu[b, 1]), la=data.class_names[int(view.labels[a])],
                 lb=data.class_names[int(view.labels[b])]))


def regions_on_path(view: PosteriorView, a: int, b: int, steps: int, neighbours: int = 25) -> list[int]:
    """Classes other than A's and B's whose region the straight path between their codes crosses,
    in the order met: a point belongs to the class most common among its nearest test codes."""
    ends = {int(view.labels[a]), int(view.labels[b])}
    weights = np.linspace(0.0, 1.0, steps)[:, None]
    path = (1 - weights) * view.mu[a] + weights * view.mu[b]  # (steps, 2)
    crossed: list[int] = []
    for point in path:
        nearest = np.argpartition(((view.mu - point) ** 2).sum(axis=1), neighbours)[:neighbours]
        label = int(np.bincount(view.labels[nearest]).argmax())
        if label not in ends and label not in crossed:
            crossed.append(label)
    return crossed


def prior_section(choice: models.ModelChoice) -> None:
    from ae_core.latent import sample_prior

    st.subheader(t("vae.prior_title"))
    st.write(t("vae.prior_intro"))
    seed = st.session_state.get(PRIOR_SEED_KEY, 0)
    if st.button(t("vae.prior_redraw"), icon=":material/casino:", key="vae.prior_redraw"):
        seed += 1
        st.session_state[PRIOR_SEED_KEY] = seed
    samples = to_numpy(sample_prior(choice.model, PRIOR_SAMPLES, seed=seed))
    # One PNG, not a chart of 20 heatmaps: a sample has nothing to hover, and the chart held the
    # browser for about 0.2 s on every visit before the rest of the page could draw.
    show_png(grid(samples, columns=PRIOR_SAMPLES // 2), caption=t("vae.prior_caption", seed=seed))
