"""Callback registration: each page's `register(app, db, vocab)` wires its inputs to the queries."""
