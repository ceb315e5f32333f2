"""Denoising AE: the source text's DAE section; a row of test digits corrupted and cleaned as the
noise controls move, PSNR against noise level (noisy input, plain AE, DAE), the user's own digit
corrupted and denoised, and the training panel at the chosen noise."""
import streamlit as st

from ae_core.defaults import PAGES
from ui import code_view, models, resources, state
from ui import predict
from ui.digit_input import digit_input
from ui.charts import shared_figure
from ui.i18n import explain, t
from ui.model_upload import model_upload
from ui.images import image_rows, to_numpy
from ui.training_panel import Field, page_training_fields, training_panel
from ui.views import sample_indices

KEY = "denoising"
PRETRAINED_KEY = "dae-gaussian"
PLAIN_KEY = "ae-32d"  # the same network trained on clean inputs
NOISE_KEY = "denoising.noise"
SEED_KEY = "denoising.digits_seed"
ROW_DIGITS = 10
CURVE_IMAGES = 1000
NOISE_SEED = 0  # the same noise pattern while the level moves, so the change is the level's alone
# ae_core.noise.NOISE_KINDS, repeated here so that the text draws before torch has loaded.
NOISE_KINDS = ("gaussian", "salt-pepper", "masking")
# Slider positions per noise kind (level 0 would be no noise at all) and the starting level.
LEVELS = {
    "gaussian": (tuple(round(0.05 * i, 2) for i in range(1, 21)), 0.5),
    "salt-pepper": (tuple(round(0.05 * i, 2) for i in range(1, 11)), 0.2),
    "masking": (tuple(round(0.05 * i, 2) for i in range(1, 19)), 0.5),
}

FIELDS = [
    Field("latent_dim", "field.latent_dim", "choice", PAGES[KEY].model["latent_dim"], options=(8, 16, 32, 64, 128),
          help="field.latent_dim.help"),
    Field("hidden", "field.hidden", "sizes", PAGES[KEY].model["hidden"], help="field.hidden.help"),
    *page_training_fields(KEY),
]


def level_key(kind: str) -> str:
    return f"denoising.level.{kind}"


def build(values: dict):
    from ae_core.models import build_model

    return build_model("ae", {"latent_dim": values["latent_dim"], "hidden": values["hidden"]})


def noise_text(kind: str, level: float) -> str:
    return f"{t(f'dn.noise.{kind}')}, {t(f'dn.level_name.{kind}')} = {level:g}"


def describer(kind: str, level: float):
    def describe(values: dict) -> str:
        sizes = "-".join(str(size) for size in [784, *values["hidden"], values["latent_dim"]])
        return f"MLP {sizes}, {noise_text(kind, level)}"
    return describe


def named_curve(curve, name: str):
    """The curve with its one model's output under `name` (gain_db(name) reads it)."""
    import dataclasses

    return dataclasses.replace(curve, outputs={name: next(iter(curve.outputs.values()))})


def pretrained_curve_task(model_key: str, dataset_name: str, kind: str):
    """PSNR against noise level of a shipped model on the first CURVE_IMAGES test images: read from
    its views file, else computed once per server in the background."""
    from ae_core.denoising import PsnrCurve
    from ae_core.views import psnr_curve

    return resources.pretrained_view_task(model_key, f"psnr.{kind}", dataset_name, {"images": CURVE_IMAGES},
                                          lambda model, data: psnr_curve(model, data, kind, CURVE_IMAGES), PsnrCurve)


def model_curve_task(choice: models.ModelChoice, dataset_name: str, kind: str):
    """The page model's curve: shared by the server when shipped, this session's when trained."""
    if choice.source == models.PRETRAINED:
        return pretrained_curve_task(choice.pretrained_key, dataset_name, kind)
    from ae_core.views import psnr_curve

    data = resources.dataset(dataset_name)
    return resources.background(("denoising.curve", dataset_name, kind),
                                lambda: psnr_curve(choice.model, data, kind, CURVE_IMAGES),
                                owner=choice.trained or choice.model)


def plain_curve_task(dataset_name: str, kind: str):
    """The plain AE's curve, or None (with a note) when its weights cannot be had."""
    from ae_core.checkpoints import CheckpointError
    from ae_core.pretrained import PretrainedUnavailable

    try:
        resources.pretrained(PLAIN_KEY)
    except (PretrainedUnavailable, CheckpointError) as error:
        st.caption(t("dn.plain_missing", message=explain(error)))
        return None
    return pretrained_curve_task(PLAIN_KEY, dataset_name, kind)


def curves(choice: models.ModelChoice, data, kind: str):
    """(the page model's curve, the plain AE's or None); None while they are computed, with a note."""
    ours_task, plain_task = model_curve_task(choice, data.name, kind), plain_curve_task(data.name, kind)
    tasks = [ours_task] + ([plain_task] if plain_task is not None else [])
    results = resources.wait_for_all(tasks, t("dn.curve_computing", count=min(CURVE_IMAGES, data.test_images.shape[0])))
    if results is None:
        return None
    ours = named_curve(results[0], choice.pretrained_key if choice.source == models.PRETRAINED else "yours")
    return ours, (named_curve(results[1], PLAIN_KEY) if plain_task is not None else None)


def psnr_section(choice: models.ModelChoice, data, kind: str, level: float) -> None:
    from ae_core.figures import series_curves

    st.subheader(t("dn.curve_title"))
    st.write(t("dn.curve_intro", count=min(CURVE_IMAGES, data.test_images.shape[0])))
    computed = curves(choice, data, kind)
    if computed is None:
        return
    ours, plain = computed
    ours_label = t("dn.curve.dae" if choice.source == models.PRETRAINED else "dn.curve.dae_trained")
    series = {t("dn.curve.input"): ours.input_psnr}
    if plain is not None:
        series[t("dn.curve.plain")] = next(iter(plain.outputs.values()))
    series[ours_label] = next(iter(ours.outputs.values()))
    name = t(f"dn.level_name.{kind}")
    figure = shared_figure(series_curves, ours.levels, series, x_title=t("dn.curve.x", name=name), y_title=t("dn.curve.y"),
                           dashed=[t("dn.curve.input")], marker_x=level, marker_label=t("dn.curve.now"),
                           value_format=".1f")
    st.plotly_chart(figure, key="denoising.curve", config={"displaylogo": False})
    nearest = min(range(len(ours.levels)), key=lambda i: abs(ours.levels[i] - level))
    plain_text = "" if plain is None else t("dn.curve_gain_plain", gain=plain.gain_db(PLAIN_KEY)[nearest])
    st.caption(t("dn.curve_gain", name=name, level=ours.levels[nearest],
                 gain=ours.gain_db(next(iter(ours.outputs)))[nearest], plain=plain_text))
    ours_gain = ours.gain_db(next(iter(ours.outputs)))[nearest]
    if plain is not None and plain.gain_db(PLAIN_KEY)[nearest] >= ours_gain:
        # The chart shows the plain AE ahead (masking noise on the Gaussian-trained DAE): the text
        # says why instead of repeating the lesson's claim against the chart.
        trained_on = (choice.metadata.get("training") or {}).get("noise")
        st.info(t("dn.robust_exception", noise=t(f"dn.noise.{kind}"),
                  trained=t(f"dn.noise.{trained_on}") if trained_on in NOISE_KINDS else t("dn.noise.none")),
                icon=":material/lightbulb:")
    else:
        st.info(t("dn.robust"), icon=":material/lightbulb:")


def trained_noise_note(choice: models.ModelChoice) -> None:
    training = choice.metadata.get("training") or {}
    noise = training.get("noise")
    if noise in NOISE_KINDS:
        st.caption(t("dn.trained_on", noise=t(f"dn.noise.{noise}"), name=t(f"dn.level_name.{noise}"),
                     level=float(training.get("noise_level", 0.0))))
    elif training:
        st.caption(t("dn.trained_clean"))


st.title(t("dn.title"))
st.markdown(t("dn.intro"))
for column, text in zip(st.columns(3), ("dn.purpose", "dn.structure", "dn.training")):
    column.markdown(t(text))

data = resources.current_data()
choice = models.current_model(KEY, PRETRAINED_KEY, data)

controls = st.columns([3, 4, 2], vertical_alignment="bottom")
with controls[0]:
    kind = state.choice(st.segmented_control, NOISE_KEY, NOISE_KINDS, "gaussian", label=t("dn.noise"),
                        format_func=lambda k: t(f"dn.noise.{k}"))
levels, default_level = LEVELS[kind]
with controls[1]:
    level = state.choice(st.select_slider, level_key(kind), levels, default_level, label=t(f"dn.level.{kind}"),
                         help=t(f"dn.noise_help.{kind}"), format_func=lambda value: f"{value:g}")
with controls[2]:
    if st.button(t("dn.other_digits"), icon=":material/shuffle:"):
        st.session_state[SEED_KEY] = st.session_state.get(SEED_KEY, 0) + 1

# No model: current_model has said why and pointed to the training panel below.
if choice is not None:
    from ae_core.denoising import denoise

    st.caption(choice.caption())
    trained_noise_note(choice)
    st.subheader(t("dn.watch_title"))
    st.write(t("dn.watch_intro"))
    indices = sample_indices(data, ROW_DIGITS, st.session_state.get(SEED_KEY, 0))
    row = denoise(choice.model, data.test_images[indices], kind, level, seed=NOISE_SEED)
    image_rows([(t("dn.row.clean"), to_numpy(row.clean)), (t("dn.row.noisy"), to_numpy(row.noisy)),
                (t("dn.row.denoised"), to_numpy(row.denoised))])
    noisy_db, denoised_db = float(row.input_psnr.mean()), float(row.output_psnr.mean())
    st.caption(t("dn.row_psnr", noisy=noisy_db, denoised=denoised_db, gain=denoised_db - noisy_db))

    psnr_section(choice, data, kind, level)

    st.subheader(t("dn.yours_title"))
    st.write(t("dn.yours_intro"))
    entry, result = st.columns([1, 2])
    with entry:
        _, digit = digit_input(KEY)
    if digit is not None:
        import torch

        mine = denoise(choice.model, torch.from_numpy(digit), kind, level, seed=NOISE_SEED)
        with result:
            image_rows([(t("dn.row.clean"), to_numpy(mine.clean)), (t("dn.row.noisy"), to_numpy(mine.noisy)),
                        (t("dn.row.denoised"), to_numpy(mine.denoised))], scale=5)
            st.caption(t("dn.yours_psnr", noisy=float(mine.input_psnr[0]),
                         denoised=float(mine.output_psnr[0])))

st.divider()
training_panel(KEY, data, fields=FIELDS, build_model=build, noise=(kind, level),
               describe=describer(kind, level), title=t("dn.train_title"),
               intro=t("dn.train_intro", noise=t(f"dn.noise.{kind}"), name=t(f"dn.level_name.{kind}"),
                       level=level))
model_upload(KEY, "ae")
predict.render("denoising")
code_view.render("denoising", choice, shipped=[PLAIN_KEY])
