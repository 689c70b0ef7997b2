"""WSGI entry for gunicorn: `gunicorn dashboard.app:server`."""

from dashboard.factory import create_app
from dashboard.limits import steady_collector

server = create_app().server
# Each worker loads the app itself (no preload): its collector is tuned once it has.
steady_collector()
