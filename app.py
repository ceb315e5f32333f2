"""Autoencoder Lab: the Streamlit entry point. Page config, the navigation over the concept pages
that exist, and the shared sidebar.

Run with `streamlit run app.py` (scripts/run.sh). torch is not imported here: the page's text
draws first and the heavy imports happen where a page first needs a model.
"""
from pathlib import Path

import streamlit as st

from ui import heap, jobs, models, resources, serve, sidebar, style
from ui.i18n import language, t
from ui.navigation import entry_for, existing_pages

ICON = Path(__file__).resolve().parent / "ui" / "icon.png"  # bundled: the tab icon needs no network

# Modules other code finds in sys.modules, imported whole before any session's thread or
# background view could find one half imported (ui/serve.py, point 2; done there already when
# the README's command started the server).
serve.preimport_eager()
sidebar.language_from_url()
sidebar.dataset_from_url()
st.set_page_config(page_title=t("app.title"), page_icon=ICON, layout="wide")
style.apply(language())

# A job that finished since the last run becomes its page's model before the sidebar draws the
# model source, so the choice shows "trained by you" in the same run.
models.collect_finished_jobs()

entries = existing_pages()
# The first page is served at the app's root. Its own address (/home) stays valid through a hidden
# page that forwards to the root with the link's query (language, settings).
home = st.Page(entries[0].path, title=t(entries[0].title), icon=entries[0].icon, url_path="", default=True)


def forward_home() -> None:
    st.switch_page(home, query_params=st.query_params.to_dict())


pages = [home, *(st.Page(page.path, title=t(page.title), icon=page.icon, url_path=page.url_path)
                 for page in entries[1:]),
         st.Page(forward_home, title=t(entries[0].title), url_path=entries[0].url_path, visibility="hidden")]
current = st.navigation(pages, position="sidebar")
status = sidebar.render(entry_for(current.url_path))
current.run()
sidebar.render_status(status)
# After the first page has drawn, in the background: pack the hover images of the latent spaces
# and get the first training step's slow imports out of the way.
jobs.warm_up(resources.warm_up)
# A run that imported many modules (the first, or a page's first use of pandas) freezes them out
# of later full garbage collections, which otherwise stall a page run by 0.3 s (ui/heap.py).
heap.settle()
