#!/usr/bin/env bash
# Set up (once) and run the app on its embedded default: bundled MNIST and shipped pretrained weights.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/python_env.sh
python_env requirements.txt
# `streamlit run app.py` with Streamlit's legacy pages/ mode off from the first request (ui/serve.py).
exec python -m ui.serve "$@"
