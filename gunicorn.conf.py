"""gunicorn's settings, read from the working directory by the Procfile, scripts/run.sh and the tests.

Two processes of four threads on a 2-core machine: DuckDB queries and JSON encoding release the
interpreter, drawing an export holds it (dashboard/limits.py bounds those).
"""

import os

bind = os.environ.get("ATLAS_BIND", f"0.0.0.0:{os.environ.get('PORT', '8050')}")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = 4
# Browsers and reverse proxies reuse a connection between a visitor's actions (seconds apart);
# gunicorn's default of 2 s closed it under them.
keepalive = 75
# No control socket, the workers' heartbeat files in memory: the image's file system is read-only.
control_socket_disable = True
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
