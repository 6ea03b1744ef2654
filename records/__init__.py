"""The prefilled OSS record, its store and its exports."""
