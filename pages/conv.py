"""Convolutional AE: the source text's CAE section; the network drawn from its real tensor shapes, the
decoder choice with parameter counts (and the MLP's), the three shipped decoders side by side with
their test MSE, feature maps of every layer for a digit the user picks or draws, what max-unpooling
does with the pooling indices, transposed convolution's checkerboard, and the training panel."""
import dataclasses

import streamlit as st

from ae_core.defaults import PAGES
from ui import code_view, models, resources, state
from ui import predict
from ui.digit_input import digit_input
from ui.describe import layer_name
from ui.charts import figure_for, shared_figure
from ui.i18n import explain, t
from ui.model_upload import model_upload
from ui.images import image_rows, show_png, strip, to_numpy
from ui.training_panel import Field, page_training_fields, training_panel
from ui.views import sample_indices

KEY = "conv"
# ae_core.models.conv.DECODERS in teaching order, repeated so that the text draws before torch loads.
DECODERS = ("unpool", "upsample", "transposed")
DECODER_KEY = "conv.decoder"
TOY_SEED_KEY = "conv.toy_seed"
TEST_INDEX_KEY = "conv.test_index"
# The shipped models' architecture (ae_core.pretrained's conv specs) and the MLP it is compared with.
PAGE_CONFIG = {"latent_dim": 16, "channels": [16, 32]}
MLP_HIDDEN = [256, 128]
COMPARE_DIGITS = 10
CHECKER_IMAGES = 1000
# The transposed decoder "shows" checkerboards when its grid-pattern amplitude exceeds the other
# decoders' and the originals' by this factor and reaches CHECKER_VISIBLE grey levels (of 255).
CHECKER_SHOWS = 1.5
CHECKER_VISIBLE = 1.0
MAP_PIXEL_PX = 3  # screen pixels per feature-map pixel, the same in every layer so sizes compare

FIELDS = [
    Field("latent_dim", "field.latent_dim", "choice", PAGES[KEY].model["latent_dim"], options=(2, 4, 8, 16, 32, 64),
          help="field.latent_dim.help"),
    Field("channels", "cv.field.channels", "sizes", PAGES[KEY].model["channels"], help="cv.field.channels.help"),
    *page_training_fields(KEY),
]


def pretrained_key(decoder: str) -> str:
    return f"conv-{decoder}"


def builder(decoder: str):
    def build(values: dict):
        from ae_core.models import build_model

        return build_model("conv", {"latent_dim": values["latent_dim"], "channels": values["channels"],
                                    "decoder": decoder})
    return build


def describer(decoder: str):
    def describe(values: dict) -> str:
        channels = "-".join(str(c) for c in values["channels"])
        return t("describe.conv", channels=channels, code=values["latent_dim"], decoder=t(f"cv.short.{decoder}"))
    return describe


def decoder_scores_task(key: str, dataset_name: str):
    """A shipped conv model's test MSE over the whole test set and checkerboard amplitudes (grey
    levels) of its reconstructions and of the originals (ae_core.views.conv_scores): read from its
    views file, else computed once per server in the background (seconds per decoder)."""
    from ae_core.views import conv_scores

    return resources.pretrained_view_task(key, "conv", dataset_name, {"checker_images": CHECKER_IMAGES},
                                          lambda model, data: conv_scores(model, data, CHECKER_IMAGES))


@st.cache_resource(show_spinner=False, max_entries=8)
def architecture(decoder: str) -> tuple[list[dict], dict[str, int], int]:
    """Layers (as dicts) of the page's architecture with `decoder`, parameters per decoder, MLP's."""
    from ae_core.convolution import decoder_parameter_counts, layers, mlp_parameter_count
    from ae_core.models import build_model

    model = build_model("conv", {**PAGE_CONFIG, "decoder": decoder}, seed=None)
    return ([dataclasses.asdict(layer) for layer in layers(model)], decoder_parameter_counts(PAGE_CONFIG),
            mlp_parameter_count(PAGE_CONFIG["latent_dim"], MLP_HIDDEN))


def architecture_section(decoder: str) -> None:
    from ae_core.figures import conv_architecture

    st.subheader(t("cv.arch_title"))
    stages, counts, mlp_count = architecture(decoder)
    kinds = {stage["kind"] for stage in stages}
    stages = [{**stage, "name": layer_name(stage["name"])} for stage in stages]
    figure = shared_figure(conv_architecture, stages, kind_labels={kind: t(f"cv.kind.{kind}") for kind in kinds},
                               labels={"encoder": t("figure.encoder"), "decoder": t("figure.decoder"),
                                       "parameters": t("cv.parameters")})
    st.plotly_chart(figure, key="conv.architecture", config={"displayModeBar": False})
    st.caption(t("cv.arch_caption", dim=PAGE_CONFIG["latent_dim"]))
    st.markdown(f"**{t('cv.params_title')}**")
    columns = st.columns(len(DECODERS) + 1)
    for column, name in zip(columns, DECODERS):
        label = t(f"cv.short.{name}")
        column.metric(f"**{label}** ({t('cv.params_chosen')})" if name == decoder else label,
                      f"{counts[name]:,}", border=True)
    sizes = "-".join(str(size) for size in [784, *MLP_HIDDEN, PAGE_CONFIG["latent_dim"]])
    columns[-1].metric(t("cv.params_mlp"), f"{mlp_count:,}", help=f"MLP {sizes}", border=True)
    st.caption(t("cv.params_caption", dim=PAGE_CONFIG["latent_dim"], sizes=sizes,
                 ratio=mlp_count / counts[decoder]))


def compare_section(data) -> dict[str, dict]:
    """Originals and the three shipped decoders' reconstructions; returns their scores by decoder."""
    from ae_core.checkpoints import CheckpointError
    from ae_core.pretrained import PretrainedUnavailable

    st.subheader(t("cv.compare_title"))
    st.write(t("cv.compare_intro", count=data.test_images.shape[0]))
    indices = tuple(int(index) for index in sample_indices(data, COMPARE_DIGITS, 0))
    images = data.test_images[list(indices)]
    rows = [(t("cv.compare_original"), to_numpy(images))]
    loaded, tasks = {}, {}
    missing: list[str] = []
    for name in DECODERS:
        try:
            loaded[name], _ = resources.pretrained(pretrained_key(name))
        except (PretrainedUnavailable, CheckpointError) as error:
            missing.append(t("cv.compare_missing", decoder=t(f"cv.short.{name}"), message=explain(error)))
            continue
        tasks[name] = decoder_scores_task(pretrained_key(name), data.name)
    if not tasks:
        st.caption(t("cv.compare_none"))
        return {}
    results = resources.wait_for_all(list(tasks.values()), t("cv.compare_computing", count=data.test_images.shape[0]))
    if results is None:
        return {}
    scores: dict[str, dict] = dict(zip(tasks, results))
    for name in loaded:
        rows.append((t("cv.compare_row", decoder=t(f"cv.short.{name}"), mse=scores[name]["mse"]),
                     resources.pretrained_reconstructions(pretrained_key(name), data.name, indices)))
    image_rows(rows)
    for message in missing:
        st.caption(message)
    return scores


def feature_maps_section(choice: models.ModelChoice | None, data) -> None:
    import torch

    from ae_core.convolution import feature_maps
    from ae_core.figures import image_grid

    if choice is None:  # current_model has said why at the top and pointed to the training panel
        return
    st.subheader(t("cv.maps_title"))
    if getattr(choice.model, "family", None) != "conv":
        st.info(t("cv.maps_none"))
        return
    st.write(t("cv.maps_intro"))
    picker, maps_column = st.columns([4, 9])
    with picker:
        source, digit = digit_input(KEY, sources=("test", "draw", "upload"))
        if source == "test":
            last = data.test_images.shape[0] - 1
            index = st.number_input(t("cv.maps_index", last=last), min_value=0, max_value=last,
                                    value=sample_indices(data, 1, 0)[0], step=1, key=TEST_INDEX_KEY)
            image = data.test_images[int(index)]
        elif digit is not None:
            image = torch.from_numpy(digit)
        else:
            return
        show_png(strip(to_numpy(image.view(1, 28, 28)), scale=5))
    with maps_column:
        for name, maps in feature_maps(choice.model, image):
            shape = "×".join(str(size) for size in maps.shape)
            st.markdown(t("cv.maps_layer", name=layer_name(name), shape=shape))
            labels = [t("cv.maps_channel", index=index) for index in range(maps.shape[0])]
            # A test image's maps are what the class sees too; a drawn or uploaded digit's are one
            # learner's own.
            figure = figure_for(image_grid, maps.numpy(), columns=8 if maps.shape[-1] > 14 else 16, labels=labels,
                                normalise=name != "output", cell_px=MAP_PIXEL_PX, share=source == "test")
            st.plotly_chart(figure, key=f"conv.maps.{name}", config={"displayModeBar": False})


def unpool_section() -> None:
    from ae_core.convolution import pool_unpool, toy_array
    from ae_core.figures import annotated_heatmaps

    st.subheader(t("cv.unpool_title"))
    st.write(t("cv.unpool_intro"))
    seed = st.session_state.get(TOY_SEED_KEY, 0)
    toy = pool_unpool(toy_array(seed))
    side = toy.values.shape[1]
    maxima = [(int(i) // side, int(i) % side) for i in toy.argmax.ravel()]
    pooled_text = [[f"{toy.pooled[r, c]:g}<br>@({toy.argmax[r, c] // side},{toy.argmax[r, c] % side})"
                    for c in range(toy.pooled.shape[1])] for r in range(toy.pooled.shape[0])]
    figure = shared_figure(annotated_heatmaps, [
        {"title": t("cv.unpool.input"), "values": toy.values, "outline": maxima},
        {"title": t("cv.unpool.pooled"), "values": toy.pooled, "text": pooled_text},
        {"title": t("cv.unpool.unpooled"), "values": toy.unpooled, "outline": maxima},
        {"title": t("cv.unpool.upsampled"), "values": toy.upsampled},
    ])
    st.plotly_chart(figure, key="conv.unpool", config={"displayModeBar": False})
    if st.button(t("cv.unpool_other"), icon=":material/casino:"):
        st.session_state[TOY_SEED_KEY] = seed + 1
        st.rerun()


def checkerboard_section(scores: dict[str, dict], data) -> None:
    from ae_core.convolution import overlap_counts
    from ae_core.figures import annotated_heatmaps

    st.subheader(t("cv.checker_title"))
    st.write(t("cv.checker_intro"))
    figure = shared_figure(annotated_heatmaps, [
        {"title": t("cv.checker.uneven"), "values": overlap_counts(3, 2)},
        {"title": t("cv.checker.even"), "values": overlap_counts(4, 2)},
    ], colorscale="Oranges", height=280)
    st.plotly_chart(figure, key="conv.checker", config={"displayModeBar": False})
    if scores:
        original = next(iter(scores.values()))["original_checker"]
        values = ", ".join(f"{t(f'cv.short.{name}')} {score['checker']:.2f}"
                           for name, score in scores.items())
        st.caption(t("cv.checker_measure", count=min(CHECKER_IMAGES, data.test_images.shape[0]),
                     original=f"{original:.2f}", values=values))
        if "transposed" in scores:
            others = max([original] + [score["checker"] for name, score in scores.items()
                                        if name != "transposed"])
            transposed = scores["transposed"]["checker"]
            shows = transposed > CHECKER_SHOWS * others and transposed >= CHECKER_VISIBLE
            st.caption(t("cv.checker_shows" if shows else "cv.checker_hidden"))


st.title(t("cv.title"))
st.markdown(t("cv.intro"))
for column, text in zip(st.columns(3), ("cv.purpose", "cv.structure", "cv.techniques")):
    column.markdown(t(text))

decoder = state.choice(st.segmented_control, DECODER_KEY, DECODERS, "unpool", label=t("cv.decoder"),
                       format_func=lambda name: t(f"cv.decoder.{name}"))
st.caption(t(f"cv.decoder_help.{decoder}"))

data = resources.current_data()
# The model in view follows the decoder choice: a trained model with another decoder is named, not shown.
choice = models.current_model(KEY, pretrained_key(decoder), data, settings={DECODER_KEY: decoder},
                              model_settings=lambda model: {DECODER_KEY: getattr(model.config, "decoder", None)})
if choice is not None:
    st.caption(choice.caption())
architecture_section(decoder)
scores = compare_section(data)
feature_maps_section(choice, data)
unpool_section()
checkerboard_section(scores, data)

st.divider()
training_panel(KEY, data, fields=FIELDS, build_model=builder(decoder), describe=describer(decoder),
               title=t("cv.train_title"), intro=t("cv.train_intro", decoder=t(f"cv.decoder.{decoder}")))
model_upload(KEY, "conv")
predict.render("conv")
code_view.render("conv", choice, shipped=[pretrained_key(name) for name in DECODERS])
