"""Overview: what an autoencoder is (drawn), the five kinds with a link to each page, and a live
demo of a pretrained autoencoder on a few test digits."""
import streamlit as st

from ui import models, resources
from ui.i18n import t
from ui.images import show_png, strip, to_numpy
from ui.navigation import PAGES
from ui.views import autoencoder_diagram, encode_and_reconstruct, mlp_layer_sizes, sample_indices

DEMO_DIGITS = 8
DEMO_SEED_KEY = "overview.demo_seed"

st.title(t("overview.title"))
st.markdown(t("overview.lead"))
# Drawn at once without torch; redrawn with a real digit once the demo's model has loaded.
diagram = st.empty()
with diagram.container():
    autoencoder_diagram([784, 256, 128, 2, 128, 256, 784], height=260)
    st.caption(t("overview.diagram_caption_plain"))

st.subheader(t("overview.kinds_title"))
kinds = [page for page in PAGES if page.kind]
for column, page in zip(st.columns(len(kinds)), kinds):
    with column.container(border=True, height="stretch"):
        st.markdown(f"**{t(page.title)}**")
        st.write(t(f"overview.kind.{page.kind}"))
        if page.exists:
            st.page_link(page.path, label=t("overview.open_page"), icon=":material/arrow_forward:")
        else:
            st.caption(t("overview.page_missing"))

st.subheader(t("overview.demo_title"))
data = resources.current_data()
choice, problem = models.pretrained_or_trained("ae-2d", "undercomplete")
if choice is None:
    st.warning(t("overview.demo_missing", message=problem), icon=":material/warning:")
    st.page_link("pages/undercomplete.py", label=t("page.undercomplete"), icon=":material/compress:")
else:
    if choice.source == models.TRAINED:
        st.caption(t("overview.demo_trained"))
    st.write(t("overview.demo_intro"))
    seed = st.session_state.get(DEMO_SEED_KEY, 0)
    images = data.test_images[sample_indices(data, DEMO_DIGITS, seed)]
    codes, rebuilt = encode_and_reconstruct(choice.model, images)
    inputs = to_numpy(images)
    for index, column in enumerate(st.columns(DEMO_DIGITS)):
        with column:
            show_png(strip(inputs[index:index + 1]))
            shown = ", ".join(f"{value:.1f}" for value in codes[index][:3])
            st.caption(t("overview.demo_code", values=shown + (", …" if codes.shape[1] > 3 else "")))
            show_png(strip(rebuilt[index:index + 1]))
    st.caption(t("overview.demo_mse", count=DEMO_DIGITS, mse=float(((inputs - rebuilt) ** 2).mean())))
    if st.button(t("overview.demo_shuffle"), icon=":material/shuffle:"):
        st.session_state[DEMO_SEED_KEY] = seed + 1
        st.rerun()
    with diagram.container():
        autoencoder_diagram(mlp_layer_sizes(choice.model), input_image=inputs[0], output_image=rebuilt[0],
                            height=260)
        st.caption(t("overview.diagram_caption"))
