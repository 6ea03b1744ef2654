"""The clerk review desk (FastAPI + Jinja2)."""
