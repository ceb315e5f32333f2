# Sourced by scripts/run.sh, test.sh and classroom.sh: `python_env REQUIREMENTS_FILE` makes `python`
# the project's interpreter and installs REQUIREMENTS_FILE into it when the requirements changed.
#
# Inside an activated virtual environment (VIRTUAL_ENV set) that environment is used. Otherwise
# the project's own .venv is created and used: Debian and Ubuntu refuse `pip install` into the
# system Python (PEP 668, "externally managed"). A stamp in the environment records a hash of the
# requirements files, so a second run skips pip. AE_LAB_TORCH_INDEX (e.g.
# https://download.pytorch.org/whl/cpu) installs torch and torchvision from that index first.

python_env() {
  local requirements="$1"
  if [ -z "${VIRTUAL_ENV:-}" ]; then
    if [ ! -x .venv/bin/python ]; then
      command -v python3 >/dev/null 2>&1 || { echo "python3 not found: install Python 3.11 or newer" >&2; exit 1; }
      python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
        || { echo "Python 3.11 or newer is needed, found $(python3 --version 2>&1)" >&2; exit 1; }
      echo "Creating the project's virtual environment in .venv" >&2
      if ! python3 -m venv .venv; then
        rm -rf .venv
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
          local version
          version="$(python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
          { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "python${version}-venv" >/dev/null; } \
            || { echo "could not install python${version}-venv" >&2; exit 1; }
          python3 -m venv .venv
        else
          echo "python3 -m venv failed: install the venv module (Debian/Ubuntu: sudo apt install python3-venv)" >&2
          exit 1
        fi
      fi
    fi
    # shellcheck disable=SC1091
    source .venv/bin/activate
  fi
  local stamp hash
  stamp="$VIRTUAL_ENV/.autoencoder-lab-$(basename "$requirements" .txt).sha256"
  hash="$({ cat requirements.txt requirements-dev.txt; echo "${AE_LAB_TORCH_INDEX:-}"; } | python -c \
    'import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())')"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then
    return 0
  fi
  if [ -n "${AE_LAB_TORCH_INDEX:-}" ]; then
    # The same pins as requirements.txt; "torch==2.15.0" is then met by e.g. 2.15.0+cpu.
    python -m pip install --quiet --disable-pip-version-check --index-url "$AE_LAB_TORCH_INDEX" \
      $(grep -E '^(torch|torchvision)==' requirements.txt)
  fi
  python -m pip install --quiet --disable-pip-version-check -r "$requirements"
  echo "$hash" > "$stamp"
}
