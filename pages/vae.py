"""Variational AE: the source text's VAE section; q(z|x) and the reparameterisation with sliders and
fresh draws, the loss with its beta, the latent pad (probes decoded in the browser as they are
dragged) beside the latent map, the user's own digit on the pad, interpolation between two test
digits, samples from the prior, and the training panel (reconstruction and KL as separate curves).
Its other view (a switch under the title) is the explorer of latent spaces above 2-D, with beta's
effect (ui/explore.py)."""
import streamlit as st

from ae_core.defaults import PAGES
from ui import code_view, explore, models, vae
from ui import predict
from ui.i18n import t
from ui.model_upload import model_upload
from ui.training_panel import Field, page_training_fields, training_panel

FIELDS = {
    "mlp": [Field("hidden", "field.hidden", "sizes", PAGES["vae-mlp"].model["hidden"], help="field.hidden.help"),
            *page_training_fields("vae-mlp")],
    "conv": [Field("channels", "vae.field.channels", "sizes", PAGES["vae-conv"].model["channels"],
                   help="vae.field.channels.help"),
             # Not "hidden": the MLP's field keeps its own value (a separate widget) when the
             # network changes; a conv VAE with the MLP's 256, 128 trains several times slower.
             Field("dense", "vae.field.conv_hidden", "sizes", PAGES["vae-conv"].model["hidden"],
                   help="vae.field.conv_hidden.help"),
             *page_training_fields("vae-conv")],
}


def builder(architecture: str, beta: float):
    def build(values: dict):
        from ae_core.models import build_model

        config = {"latent_dim": 2, "architecture": architecture, "beta": beta}
        if architecture == "mlp":
            config["hidden"] = values["hidden"]
        else:
            config.update(channels=values["channels"], hidden=values["dense"])
        return build_model("vae", config)
    return build


def describer(architecture: str, beta: float):
    def describe(values: dict) -> str:
        if architecture == "mlp":
            layers = "-".join(str(size) for size in [784, *values["hidden"], 2])
            return t("describe.vae_mlp", layers=layers, beta=f"{beta:g}")
        channels = "-".join(str(c) for c in values["channels"])
        dense = "-".join(str(size) for size in values["dense"]) or t("describe.none")
        return t("describe.vae_conv", channels=channels, dense=dense, code=2, beta=f"{beta:g}")
    return describe


def lesson(data) -> None:
    """The page's lesson: q(z|x), the loss, the pad and map, interpolation, the prior, training."""
    st.markdown(t("vae.intro"))
    for column, text in zip(st.columns(3), ("vae.concept.model", "vae.concept.latent", "vae.concept.inference")):
        column.markdown(t(text))

    architecture = vae.architecture_choice()
    # The model in view follows the network choice: a trained VAE of the other kind is named, not shown.
    choice = models.current_model(vae.KEY, vae.pretrained_key(architecture), data,
                                  settings={vae.ARCHITECTURE_KEY: architecture},
                                  model_settings=lambda model: {vae.ARCHITECTURE_KEY: getattr(
                                      getattr(model, "config", None), "architecture", None)})
    if choice is not None:
        st.caption(choice.caption())
        if not vae.usable(choice):
            st.info(t("vae.not_usable"), icon=":material/info:")

    vae.posterior_section(choice, data)
    beta = vae.loss_section(choice, data)
    if vae.usable(choice):
        st.divider()
        vae.pad_section(choice, data)
        st.divider()
        vae.interpolation_section(choice, data)
        vae.prior_section(choice)

    st.divider()
    training_panel(vae.KEY, data, fields=FIELDS[architecture], build_model=builder(architecture, beta),
                   describe=describer(architecture, beta),
                   title=t("vae.train_title"),
                   intro=t("vae.train_intro", beta=f"{beta:g}", architecture=t(f"vae.short.{architecture}")))
    model_upload(vae.KEY, "vae")
    predict.render("vae")
    code_view.render("vae", choice)


st.title(t("vae.title"))
explore.page_views("vae", lesson)
