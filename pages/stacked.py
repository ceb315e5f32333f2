"""Stacked (deep) AE: the source text's explanation, the network drawn from real weights (the
text's own 5-input network, or a deep one on MNIST), greedy layer-wise pretraining stage by stage
against end-to-end training, the first layer's weights and reconstructions at each depth."""
import streamlit as st

from ui import code_view, stacked
from ui import predict
from ui.i18n import t

st.title(t("stacked.title"))
st.markdown(t("stacked.intro"))
concepts, advantages = st.columns(2)
concepts.markdown(t("stacked.concepts"))
advantages.markdown(t("stacked.advantages"))
st.markdown(t("stacked.structure"))

mode = stacked.choose_mode()
shown = stacked.shown_models(mode)  # the trained / shipped models every section below draws
stacked.network_section(mode, shown)
st.divider()
stacked.training_section(mode)
st.divider()
stacked.comparison_section(mode, shown)
if mode.name == stacked.MNIST:
    st.divider()
    stacked.weights_section(mode, shown)
    stacked.depth_section(mode, shown)
predict.render("stacked")
code_view.render_stacked(mode)
