"""The ground floor: shared models, settings, privacy, regions and the documents' vocabulary.

Imported by extractors, validators, records, flows, review and samples; imports nothing of ours.
"""
