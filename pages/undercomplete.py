"""Undercomplete AE: the source text's explanation, the model in use with its reconstructions and
latent space, the training panel (latent size, hidden layers, loss, training settings), and the two
uses: feature extraction and novelty detection. Its other view (a switch under the title) is the
explorer of codes above 2-D (ui/explore.py)."""
import streamlit as st

from ae_core.defaults import PAGES
from ui import code_view, explore, feature_extraction, models, novelty, state
from ui import predict
from ui.i18n import t
from ui.model_upload import model_upload
from ui.training_panel import Field, page_training_fields, training_panel
from ui.views import autoencoder_diagram, latent_space, mlp_layer_sizes, reconstruction_grid, sample_indices

KEY = "undercomplete"
PRETRAINED_KEY = "ae-2d"
LATENT_SIZES = (1, 2, 3, 4, 8, 16, 32, 64)
RECON_SEED_KEY = "undercomplete.recon_seed"
RECON_DIGITS = 10
USAGES = ("features", "novelty")  # text keys "<usage>.title"
USAGE_KEY = "undercomplete.usage"

MODEL = PAGES[KEY].model
FIELDS = [
    Field("latent_dim", "field.latent_dim", "choice", MODEL["latent_dim"], options=LATENT_SIZES,
          help="field.latent_dim.help"),
    Field("hidden", "field.hidden", "sizes", MODEL["hidden"], help="field.hidden.help"),
    Field("reconstruction", "field.reconstruction", "select", MODEL["reconstruction"], options=("bce", "mse"),
          option_labels="field.reconstruction"),
    *page_training_fields(KEY),
]


def build(values: dict):
    from ae_core.models import build_model

    return build_model("ae", {key: values[key] for key in ("latent_dim", "hidden", "reconstruction")})


def describe(values: dict) -> str:
    sizes = "-".join(str(size) for size in [784, *values["hidden"], values["latent_dim"]])
    return f"MLP {sizes}"


def lesson(data) -> None:
    """The page's lesson: the model in use, its reconstructions and latent space, training, and
    the two uses (feature extraction, novelty detection)."""
    st.markdown(t("uc.intro"))
    purpose, structure = st.columns(2)
    purpose.markdown(t("uc.purpose"))
    structure.markdown(t("uc.structure"))

    choice = models.current_model(KEY, PRETRAINED_KEY, data)
    if choice is not None:
        st.caption(choice.caption())
        architecture, reconstructions = st.columns([2, 3])
        with architecture:
            autoencoder_diagram(mlp_layer_sizes(choice.model), height=280)
            st.caption(t("uc.diagram_caption"))
        with reconstructions:
            st.subheader(t("uc.recon_title"))
            seed = st.session_state.get(RECON_SEED_KEY, 0)
            mse = reconstruction_grid(choice, data, sample_indices(data, RECON_DIGITS, seed))
            st.caption(t("uc.recon_intro", dim=choice.model.latent_dim, mse=mse))
            if st.button(t("uc.recon_shuffle"), icon=":material/shuffle:"):
                st.session_state[RECON_SEED_KEY] = seed + 1
                st.rerun()
        st.subheader(t("uc.latent_title"))
        st.write(t("uc.latent_intro", count=data.test_images.shape[0]))
        latent_space(choice, data, key=f"{KEY}.latent")

    st.divider()
    st.caption(t("uc.train_intro"))
    training_panel(KEY, data, fields=FIELDS, build_model=build, describe=describe)
    model_upload(KEY, "ae")

    # The source text's two uses of an autoencoder (ui/feature_extraction.py, ui/novelty.py), one at a
    # time: only the chosen one runs, which keeps the page light to draw and its first view quick.
    st.divider()
    st.header(t("usage.title"), anchor="usage")
    st.markdown(t("usage.intro"))
    usage = state.choice(st.segmented_control, USAGE_KEY, USAGES, USAGES[0], label=t("usage.choose"),
                         format_func=lambda name: t(f"{name}.title"), label_visibility="collapsed")
    if usage == "novelty":
        novelty.render(data)
    else:
        feature_extraction.render(data)
    predict.render("undercomplete")
    code_view.render("undercomplete", choice)


st.title(t("uc.title"))
explore.page_views("undercomplete", lesson)
