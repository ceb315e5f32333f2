"""Autoencoder Lab's engine: data, models, training, metrics, figures and checkpoints.

Never imports streamlit, so every number the app shows can be reproduced from `python -m ae_core`
or a notebook.
"""
