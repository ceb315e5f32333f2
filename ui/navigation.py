"""The table of pages: one row per concept page, shown in the navigation when its file exists.

Adding a page: create its file under pages/ (its row is already here) or add one row. A page's
url_path must differ from its file name: before st.navigation first runs (a fresh server's first
run when started by plain `streamlit run` rather than ui/serve.py, every AppTest run) Streamlit
still maps file names under pages/ to its legacy pages, and a URL matching one would run that
file without app.py's sidebar. `model_key`
names the page's main model: the sidebar offers its source (pretrained / trained by you) and the
training panel on that page should use the same key.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class PageEntry:
    path: str  # relative to the project root
    title: str  # text key
    icon: str
    url_path: str
    model_key: str | None = None
    kind: str | None = None  # text key suffix of its one-sentence description on the Overview

    @property
    def exists(self) -> bool:
        return (ROOT / self.path).is_file()


PAGES = (
    PageEntry("pages/overview.py", "page.overview", ":material/home:", "home"),
    PageEntry("pages/undercomplete.py", "page.undercomplete", ":material/compress:", "undercomplete-ae",
              "undercomplete", "undercomplete"),
    PageEntry("pages/stacked.py", "page.stacked", ":material/stacks:", "stacked-ae", "stacked", "stacked"),
    PageEntry("pages/denoising.py", "page.denoising", ":material/blur_off:", "denoising-ae",
              "denoising", "denoising"),
    PageEntry("pages/conv.py", "page.conv", ":material/grid_on:", "convolutional-ae", "conv", "conv"),
    PageEntry("pages/vae.py", "page.vae", ":material/scatter_plot:", "variational-ae", "vae", "vae"),
)


def existing_pages() -> list[PageEntry]:
    return [page for page in PAGES if page.exists]


def entry_for(url_path: str) -> PageEntry | None:
    return next((page for page in PAGES if page.url_path == url_path), None)
