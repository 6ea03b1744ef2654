"""E-mail addresses: syntax by ``email-validator`` (no network), and common domain typos.

>>> validate("Siti.Rahma@Gmail.com")
'Siti.Rahma@gmail.com'
>>> [p.code for p in problems("budi@gmial.com")]
['email.domain_typo']
>>> is_valid("budi@@gmail.com")
False
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from rapidfuzz.distance import OSA

from validators._problems import Problem, passes, raise_first, text

CODE = "email.invalid"
COMMON_DOMAINS = ("gmail.com", "yahoo.com", "yahoo.co.id", "ymail.com", "hotmail.com",
                  "outlook.com", "live.com", "icloud.com", "rocketmail.com", "outlook.co.id")
"""Domains whose near-misses are probably typos (``gmial.com`` → ``gmail.com``)."""


def compact(number: object) -> str:
    """``number`` stripped of surrounding whitespace."""
    return text(number, CODE)


def suggest_domain(domain: str) -> str | None:
    """The common domain ``domain`` is probably a typo of, or ``None``.

    >>> suggest_domain("gmail.co"), suggest_domain("yaho.co.id"), suggest_domain("gmail.com")
    ('gmail.com', 'yahoo.co.id', None)
    """
    domain = domain.lower()
    if domain in COMMON_DOMAINS:
        return None
    best = min(COMMON_DOMAINS, key=lambda d: OSA.distance(domain, d))
    return best if OSA.distance(domain, best) <= (1 if len(domain) < 8 else 2) else None


def _normalised(value: str) -> str:
    """The normalised address; raises ``EmailNotValidError``."""
    return validate_email(value, check_deliverability=False).normalized


def problems(number: object) -> list[Problem]:
    """The syntax error, or a probable domain typo."""
    value = compact(number)
    try:
        address = _normalised(value)
    except EmailNotValidError as err:
        return [Problem(CODE, "format", {"value": value, "reason": str(err)})]
    domain = address.rsplit("@", 1)[1]
    suggestion = suggest_domain(domain)
    if suggestion is None:
        return []
    return [Problem("email.domain_typo", "component",
                    {"domain": domain, "suggestion": suggestion})]


def validate(number: object) -> str:
    """The normalised address (domain lower-cased); raises on a syntax error."""
    raise_first(problems(number))
    return _normalised(compact(number))


def is_valid(number: object) -> bool:
    """Whether ``number`` is a syntactically valid address (never raises)."""
    return passes(validate, number)


def format(number: object) -> str:
    """The normalised address."""
    return validate(number)


def info(number: object) -> dict[str, str | None]:
    """Local part, domain and a suggested domain if the domain looks misspelt."""
    address = validate(number)
    local, domain = address.rsplit("@", 1)
    return {"address": address, "local": local, "domain": domain,
            "suggestion": suggest_domain(domain)}
