"""Number, document and cross-document rules: pure Python, no Prefect, no OCR."""
