#!/usr/bin/env bash
# `make setup`: the virtual environment from the lock file, the same on a laptop and in CI.
#   uv on PATH (or pip-installed into the venv): `uv sync --frozen` from uv.lock;
#   no uv to be had: pip from requirements-dev.lock.txt with --require-hashes.
# Either way the versions are the locked ones; nothing is resolved here.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv}"
REQUIREMENTS=requirements-dev.lock.txt
export UV_PROJECT_ENVIRONMENT="$VENV" UV_PYTHON_DOWNLOADS=never UV_NO_PROGRESS=1

say() { printf 'setup: %s\n' "$*"; }

if [ ! -x "$VENV/bin/python" ]; then
  say "creating $VENV with $PYTHON ($("$PYTHON" --version 2>&1))"
  "$PYTHON" -m venv "$VENV"
fi

uv=""
if [ "${ACADEMY_SETUP_PIP:-}" = 1 ]; then
  say "ACADEMY_SETUP_PIP=1: not using uv"
elif command -v uv >/dev/null 2>&1; then
  uv="$(command -v uv)"
elif [ -x "$VENV/bin/uv" ]; then
  uv="$VENV/bin/uv"
else
  locked="$(sed -n 's/^uv==\([^ ]*\).*/\1/p' "$REQUIREMENTS")"
  say "no uv on PATH: pip install uv==$locked into $VENV"
  if "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "uv==$locked"; then
    uv="$VENV/bin/uv"
  else
    say "uv could not be installed: falling back to pip"
  fi
fi

if [ -n "$uv" ]; then
  say "$("$uv" --version): uv sync --frozen --extra dev (from uv.lock)"
  # --inexact keeps pip (and uv itself) in the venv; --frozen never re-resolves
  "$uv" sync --frozen --inexact --extra dev --python "$VENV/bin/python" --quiet
else
  say "pip install --require-hashes -r $REQUIREMENTS"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    --require-hashes --no-deps -r "$REQUIREMENTS"
  say "pip install --no-deps -e . (the academy command)"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -e .
fi
say "done: $VENV/bin/academy"
