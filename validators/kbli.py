"""KBLI (Klasifikasi Baku Lapangan Usaha Indonesia) five-digit codes (kelompok), 2025 or 2020.

KBLI 2025 (Peraturan BPS 7/2025, in force 18 December 2025) replaced KBLI 2020 in OSS during
2026; setting ``INTAKE_KBLI_VERSION=2020`` keeps an office on the old list. Both lists and the
BPS conversion table ship in ``validators/data/`` (sources in its README); ``INTAKE_KBLI_FILE``
(a CSV ``code,title``) replaces the list of the chosen version.

A code is 5 digits whose first two are a division (golongan pokok) of the version. Division 92
(gambling) is closed in Indonesia: an error whatever a list says (``kbli.closed``). On a 2025
check, a 2020 code gets ``kbli.old_version`` (a warning) naming its 2025 successors from the
conversion table: one successor is the fix, several are the choices.

>>> [p.code for p in problems("01271")], [p.code for p in problems("01119")]
([], ['kbli.old_version'])
>>> successors("01119")
['01118']
>>> validate("92000")
Traceback (most recent call last):
    ...
validators.exceptions.InvalidComponent: KBLI division 92 (gambling) is closed in Indonesia...
>>> category("62019", version="2020"), category("62019", version="2025")
('J', 'K')
>>> problems("47111", kbli_file=None)[0].code
'kbli.structure_only'
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from core.settings import get_settings
from validators._problems import Problem, compact_digits, passes, raise_first

FORMAT = "kbli.format"
DATA = Path(__file__).with_name("data")
VERSIONS = ("2020", "2025")
CLOSED = frozenset({"92"})
"""Divisions closed in Indonesia whatever a list says: 92, gambling and betting."""
SHOWN_CANDIDATES = 5
"""Successor codes named in a ``kbli.old_version`` message (the rest are counted)."""
_CATEGORIES = {
    # KBLI 2020 (ISIC Rev.4): 21 categories A-U.
    "2020": (("A", 1, 3), ("B", 5, 9), ("C", 10, 33), ("D", 35, 35), ("E", 36, 39),
             ("F", 41, 43), ("G", 45, 47), ("H", 49, 53), ("I", 55, 56), ("J", 58, 63),
             ("K", 64, 66), ("L", 68, 68), ("M", 69, 75), ("N", 77, 82), ("O", 84, 84),
             ("P", 85, 85), ("Q", 86, 88), ("R", 90, 93), ("S", 94, 96), ("T", 97, 98),
             ("U", 99, 99)),
    # KBLI 2025 (ISIC Rev.5): 22 categories A-V; trade is 46-47, publishing/telecom split.
    "2025": (("A", 1, 3), ("B", 5, 9), ("C", 10, 33), ("D", 35, 35), ("E", 36, 39),
             ("F", 41, 43), ("G", 46, 47), ("H", 49, 53), ("I", 55, 56), ("J", 58, 60),
             ("K", 61, 63), ("L", 64, 66), ("M", 68, 68), ("N", 69, 75), ("O", 77, 82),
             ("P", 84, 84), ("Q", 85, 85), ("R", 86, 88), ("S", 90, 93), ("T", 94, 96),
             ("U", 97, 98), ("V", 99, 99)),
}
LEVELS = {2: "golongan pokok", 3: "golongan", 4: "subgolongan", 5: "kelompok"}
"""KBLI levels by the number of digits (the category is a letter)."""
_UNSET = object()


def compact(number: object) -> str:
    """The digits of ``number`` without spaces, dots or dashes."""
    return compact_digits(number, FORMAT)


def version_of(version: object = _UNSET) -> str:
    """``version``, or the ``INTAKE_KBLI_VERSION`` setting; raises ``ValueError`` if unknown."""
    chosen = get_settings().kbli_version if version is _UNSET else str(version)
    if chosen not in VERSIONS:
        raise ValueError(f"KBLI version {chosen!r} unknown; use one of {', '.join(VERSIONS)}")
    return chosen


@lru_cache(maxsize=8)
def load_list(path: Path) -> dict[str, str]:
    """``code → title`` of a KBLI CSV (``code,title``), read once per path."""
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["code"].strip(): row["title"].strip() for row in csv.DictReader(fh)}


def official(version: str) -> dict[str, str]:
    """The shipped list of ``version`` (every level: 2- to 5-digit codes)."""
    return load_list(DATA / f"kbli{version_of(version)}.csv")


@lru_cache(maxsize=1)
def conversion() -> dict[str, tuple[str, ...]]:
    """KBLI 2020 code → its KBLI 2025 successors (BPS conversion table, in its order)."""
    table: dict[str, list[str]] = {}
    with (DATA / "kbli2020_to_2025.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            table.setdefault(row["kbli2020"].strip(), []).append(row["kbli2025"].strip())
    return {old: tuple(new) for old, new in table.items()}


def successors(code: str) -> list[str]:
    """The KBLI 2025 codes a KBLI 2020 ``code`` became (empty when it has no edge)."""
    return list(conversion().get(code, ()))


@lru_cache(maxsize=2)
def divisions(version: str) -> frozenset[str]:
    """The two-digit divisions of ``version`` that OSS accepts (closed ones removed)."""
    return frozenset(c for c in official(version) if len(c) == 2) - CLOSED


def _list(kbli_file: object, version: str) -> tuple[dict[str, str] | None, str]:
    path = get_settings().kbli_file if kbli_file is _UNSET else kbli_file
    if kbli_file is None:
        return None, ""
    if path is None:
        return official(version), f"KBLI {version}"
    return _resolved(str(path))


@lru_cache(maxsize=8)
def _resolved(path: str) -> tuple[dict[str, str], str]:
    """The list at ``path`` and its file name (resolving a path costs more than a check)."""
    resolved = Path(path).resolve()
    return load_list(resolved), resolved.name


def category(number: object, *, version: object = _UNSET) -> str | None:
    """The category letter of a code's division in ``version``, or ``None``."""
    division = int(compact(number)[:2] or 0)
    spans = _CATEGORIES[version_of(version)]
    return next((c for c, lo, hi in spans if lo <= division <= hi), None)


def _old_version(code: str) -> Problem:
    new = successors(code)
    titles = official("2025")
    shown = "; ".join(f"{c} {titles.get(c, '?')}" for c in new[:SHOWN_CANDIDATES])
    more = len(new) - SHOWN_CANDIDATES
    one = len(new) == 1
    return Problem("kbli.old_version", "component", {
        "value": code, "count": len(new), "candidates": shown,
        "more_id": f"; … dan {more} lainnya" if more > 0 else "",
        "more_en": f"; … and {more} more" if more > 0 else "",
        "choice_id": "kode ini" if one else f"salah satu dari {len(new)} kode",
        "choice_en": "this code" if one else f"one of {len(new)} codes",
    })


def problems(number: object, *, kbli_file: object = _UNSET,
             version: object = _UNSET) -> list[Problem]:
    """Every rule ``number`` breaks in ``version`` (default: the ``INTAKE_KBLI_VERSION``
    setting) against ``kbli_file`` (default: ``INTAKE_KBLI_FILE``, else the shipped list;
    ``None``: structure only)."""
    chosen = version_of(version)
    code = compact(number)
    if len(code) != 5:
        return [Problem(FORMAT, "length", {"value": code})]
    if code[:2] in CLOSED:
        return [Problem("kbli.closed", "component", {"division": code[:2]})]
    known, source = _list(kbli_file, chosen)
    if known is not None and code in known:
        return []
    if chosen == "2025" and code not in official("2025") and successors(code):
        return [_old_version(code)]
    if code[:2] not in divisions(chosen):
        return [Problem("kbli.division_unknown", "component",
                        {"division": code[:2], "version": chosen})]
    if known is None:
        return [Problem("kbli.structure_only", "component", {})]
    return [Problem("kbli.unknown", "component", {"value": code, "source": source})]


def validate(number: object, *, kbli_file: object = _UNSET, version: object = _UNSET) -> str:
    """The 5-digit code; raises when malformed, closed, of no division, or absent."""
    raise_first(problems(number, kbli_file=kbli_file, version=version))
    return compact(number)


def is_valid(number: object) -> bool:
    """Whether ``number`` is a KBLI code OSS accepts in the configured version (never raises)."""
    return passes(validate, number)


def format(number: object) -> str:
    """The 5 digits."""
    return compact(number)


def info(number: object, *, kbli_file: object = _UNSET,
         version: object = _UNSET) -> dict[str, object]:
    """Level, version, category, the titles of the code and its parents, and (for a 2020 code
    on a 2025 check) its 2025 candidates with titles."""
    chosen = version_of(version)
    code = validate(number, kbli_file=kbli_file, version=version)
    known, source = _list(kbli_file, chosen)
    titles = known if known is not None else official(chosen)
    found_in = chosen
    if code not in titles and chosen == "2025" and successors(code):
        titles, found_in = official("2020"), "2020"
    result: dict[str, object] = {
        "code": code, "level": LEVELS[5], "version": f"KBLI {found_in}",
        "title": titles.get(code), "category": category(code, version=found_in),
        "division": code[:2], "division_title": titles.get(code[:2]),
        "group_title": titles.get(code[:3]), "subgroup_title": titles.get(code[:4]),
        "source": source or None,
    }
    if found_in != chosen:
        new = official("2025")
        result["checked_against"] = result.pop("source")
        result["candidates"] = [{"code": c, "title": new.get(c)} for c in successors(code)]
        if len(successors(code)) == 1:
            result["fix"] = successors(code)[0]
    return result


def _coverage(words: list[str], title: str) -> float:
    """How well every query word appears in ``title`` (0-100; prefixes and slips count)."""
    from rapidfuzz import fuzz

    tokens = title.split()
    if not tokens:
        return 0.0
    return sum(max(max(fuzz.ratio(w, t), 100.0 if t.startswith(w) and len(w) >= 4 else 0.0)
                   for t in tokens) for w in words) / len(words)


def search(query: str, *, limit: int = 10, version: object = _UNSET) -> list[dict[str, object]]:
    """Five-digit codes whose title holds the words of ``query`` (rapidfuzz), best first.

    On KBLI 2025 the KBLI 2020 titles count too (their successors inherit them, the old title
    given as ``via``): "warung makan" was a 2020 title; 2025 says "penyediaan makanan".
    """
    from rapidfuzz import fuzz, utils

    chosen = version_of(version)
    words = utils.default_process(query).split()
    if not words:
        return []
    titles = {c: t for c, t in official(chosen).items() if len(c) == 5 and c[:2] not in CLOSED}
    choices: list[tuple[str, str | None, str]] = [(c, None, t) for c, t in titles.items()]
    if chosen == "2025":
        for old, title in official("2020").items():
            for new in successors(old) if len(old) == 5 else ():
                if new in titles and title.lower() != titles[new].lower():
                    choices.append((new, title, title))
    scored = []
    for code, via, title in choices:
        text = utils.default_process(title)
        score = _coverage(words, text)
        if score >= 75:
            scored.append((score, fuzz.WRatio(query, text, processor=utils.default_process),
                           code, via))
    best: dict[str, dict[str, object]] = {}
    for score, _, code, via in sorted(scored, key=lambda h: (-h[0], -h[1], h[2])):
        if code not in best:
            best[code] = {"code": code, "title": titles[code], "score": round(score),
                          "via": via, "version": f"KBLI {chosen}"}
        if len(best) >= limit:
            break
    return list(best.values())
