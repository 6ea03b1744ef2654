"""Prefect flows and the ``intake`` command line."""
