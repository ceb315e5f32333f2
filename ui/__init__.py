"""Streamlit-side helpers shared by the pages: text catalog, sidebar, cached resources, image grids,
the training panel and its background jobs. Pages call these; these call ae_core."""
