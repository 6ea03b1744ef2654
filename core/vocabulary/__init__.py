"""The documents' vocabulary, defined once and imported by readers, validators and samples.

- :mod:`core.vocabulary.values`: the allowed values of enumerated fields (sexes, blood groups,
  religions and their spelling variants, marital statuses, the Dukcapil occupations,
  citizenship, validity) — what a reader snaps to, a validator accepts and a generator prints;
- ``ktp_labels``, ``npwp_labels``, ``permit_labels``: the label wording the readers accept
  (a generator may print wording beyond it on purpose: held-out variants, never less).
"""
