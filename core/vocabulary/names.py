"""How Indonesian documents write one person's name: titles, degrees, abbreviations, spellings.

Data only, read by ``validators.rules.names`` (and free for the generator to print from):

- :data:`PREFIX_TITLES`: printed before a name (haji, engineer, doctor, professor, kyai,
  courtesy);
- :data:`DEGREES`: academic degrees printed after a name (``S.E.``, ``S.Pd.``, ``M.M.``…),
  compared without dots;
- :data:`NAME_FORMS`: one canonical word and the forms the same word is printed in (``M.``,
  ``MUH.``, ``MOCH.`` for MUHAMMAD; ``ABD.`` for ABDUL; NOOR for NUR; SITTI for SITI…);
- :data:`OLD_SPELLINGS`: the pre-1972 spelling (Ejaan Soewandi) still printed on older
  documents: OE for U, DJ for J, TJ for C.
"""

from __future__ import annotations

PREFIX_TITLES = frozenset({
    "H", "HJ", "HAJI", "HAJJAH", "IR", "DR", "DRS", "DRA", "DRH", "PROF", "KH", "K.H", "KHJ",
    "R", "RA", "RR", "TGH", "USTADZ", "USTAZ", "USTADZAH", "NY", "TN", "SDR", "SDRI", "BPK",
    "IBU", "HABIB", "SYEKH", "GUS", "NYAI", "KYAI", "DRG", "AIPTU", "BRIPKA",
})
"""Titles printed before a name: haji/hajjah, Ir., Dr., Drs./Dra., Prof., K.H., Raden, courtesy."""

DEGREES = frozenset({
    "SE", "SH", "ST", "SP", "SPD", "SPDI", "SAG", "SSOS", "SIP", "SKOM", "SKM", "SKED", "SFARM",
    "SSI", "SHUT", "SPT", "SIKOM", "SAK", "SKEP", "SHI", "SPSI", "SSTP", "STP", "SPDSD", "SIA",
    "SKG", "SGZ", "SST", "STR", "SPSIK", "SEI", "SHUM", "STH", "STHI", "SSN", "SDS",
    "MM", "MH", "MT", "MSI", "MPD", "MKES", "MAG", "MBA", "MSC", "MA", "MKOM", "MAP", "MPDI",
    "MKN", "MARS", "MEK", "MHUM", "MENG", "MPH",
    "AMD", "AMDKEB", "AMDKEP", "AMDKG", "AMAPD", "AMK", "BA", "BSC", "PHD", "DR", "SPOG", "SPA",
    "SPPD", "SPB", "SPM", "SPTHT", "SPKK", "SPJP", "SPRAD", "SPAN", "APT", "CPA", "AK", "MAK",
})
"""Degrees printed after a name (``S.E.``, ``S.Pd.``, ``M.M.``, ``A.Md.``, ``Sp.OG``…)."""

NAME_FORMS: dict[str, tuple[str, ...]] = {
    "MUHAMMAD": ("M", "MUH", "MUHD", "MHD", "MOH", "MOHD", "MOCH", "MOCHD", "MUCH", "MUHAMAD",
                 "MUHAMMED", "MUHAMED", "MUHAMMAT", "MUHAMAT", "MUCHAMMAD", "MUCHAMAD",
                 "MOHAMMAD", "MOHAMAD", "MOHAMMED", "MOHAMED", "MOCHAMMAD", "MOCHAMAD",
                 "MOCHAMED", "MUHAMMAD", "MOHAMMAT", "MOCHAMAT"),
    "ABDUL": ("ABD", "ABDOEL", "ABDUL", "ABDOL"),
    "AHMAD": ("AHMAD", "ACHMAD", "AHMED", "ACHMED", "AHMAT", "ACHMAT"),
    "NUR": ("NUR", "NOOR", "NOER", "NUUR", "NOUR"),
    "SITI": ("SITI", "SITTI", "SITY"),
    "NURUL": ("NURUL", "NOORUL", "NOERUL"),
    "ABDULLAH": ("ABDULLAH", "ABDULAH", "ABDOELLAH"),
    "RAHMAN": ("RAHMAN", "RACHMAN", "RAHMAAN"),
    "RAHMAT": ("RAHMAT", "RACHMAT", "RAHMAD", "RACHMAD"),
    "FATIMAH": ("FATIMAH", "FATIMA", "FATHIMAH"),
    "YUSUF": ("YUSUF", "YUSUP", "JUSUF", "YUSOF"),
    "SYAMSUL": ("SYAMSUL", "SJAMSUL", "SAMSUL", "SAMSOEL"),
}
"""Canonical word → every form the same word is printed in (the canonical one included)."""

OLD_SPELLINGS: tuple[tuple[str, str], ...] = (("OE", "U"), ("DJ", "J"), ("TJ", "C"),
                                               ("SJ", "SY"), ("NJ", "NY"))
"""Old spelling → today's, applied to words outside :data:`NAME_FORMS` (SOEKARNO = SUKARNO)."""

FORM_OF: dict[str, str] = {form: word for word, forms in NAME_FORMS.items() for form in forms}
"""Each printed form → its canonical word (derived from :data:`NAME_FORMS`)."""
