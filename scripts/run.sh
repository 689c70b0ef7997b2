#!/usr/bin/env bash
# Install the app, build the bundled data into DuckDB and serve it at http://127.0.0.1:8050.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements.txt
.venv/bin/python -m dashboard build
exec .venv/bin/gunicorn --config gunicorn.conf.py --bind "${ATLAS_BIND:-127.0.0.1:8050}" dashboard.app:server
