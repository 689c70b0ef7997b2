"""WSGI entry for gunicorn: `gunicorn dashboard.app:server`."""

from dashboard.factory import create_app

server = create_app().server
