"""Mobility Valley Atlas: data access, build and the Dash app factory."""
