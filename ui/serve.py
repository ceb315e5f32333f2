"""Start the app: `python -m ui.serve [options of streamlit run]` (what scripts/run.sh runs).

The same as `streamlit run app.py` with one difference. On a server's first session Streamlit
decides, once per process, whether the `pages/` folder beside app.py means its legacy multipage
mode, and stays in it until `st.navigation` has run once. So the very first request of a fresh
server for a page's own address (a link such as /variational-ae handed to a class) would show
"Page not found" before app.py's navigation takes over. The app always navigates with
`st.navigation`, so the legacy mode is switched off here before the server starts.
"""
from __future__ import annotations

import sys
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"


def main(argv: list[str] | None = None) -> None:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False
    args = sys.argv[1:] if argv is None else argv
    sys.argv = ["streamlit", "run", str(APP), *args]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
