"""Reference data of the validators that is not a Python module (see README.md here)."""
