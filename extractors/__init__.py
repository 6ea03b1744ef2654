"""Loading, imaging, classification and field extraction: pure Python, no Prefect."""
