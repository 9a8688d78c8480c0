"""What the Latin letters of a translation are: words of English left untranslated, or what
a translation keeps as written (protected tokens, acronyms, codes, numbers, units of
measure, web and mail addresses): `words` gives the words of a text that are none of those
(the text of a table cell made of an acronym and a figure has none).
"""

from __future__ import annotations

import re

from .text import occurs

# Web and mail addresses, and host names: kept as written.
_ADDRESS = re.compile(
    r"(?:https?://|mailto:|www\.)[^\s\u3000-\u303f\uff01-\uff0f\uff1a-\uff1f（）《》“”‘’]+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z][a-z0-9-]+\b"
)
# A token: letters and digits, with the joiners a code, an abbreviation or a compound holds
# inside it (TB-01, ISO/IEC, U.S., cross-border, Parties').
_TOKEN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|[-/.'’+_](?=[A-Za-z0-9]))*\.?")
# Symbols of units of measure (SI and the units beside it, data, concentration): kept as
# written in any language.
UNITS = frozenset(
    (
        "nm um µm mm cm dm m km ha mg g kg t kt Mt Gt ml mL cl l L s ms min h "
        "Hz kHz MHz GHz THz W kW MW GW TW Wh kWh MWh GWh TWh V kV mV A mA dB dBm Pa kPa MPa "
        "hPa mbar K mol ppm ppb ppt psu pH kn nmi J kJ MJ GJ cal kcal N kN lx lm cd rpm "
        "bps kbps Mbps Gbps B kB KB MB GB TB PB Bq Gy Sv mSv"
    ).split()
)


def _kept(token: str) -> bool:
    """Whether a token is kept as written in a translation: it holds a digit (a number, a
    code), is an acronym (MNIOAR, U.S., ISO/IEC) or mixed case inside (pH, mRNA), is a unit's
    symbol, or is a single letter (x, Annex A)."""
    token = token.rstrip(".")
    if any(c.isdigit() for c in token) or token in UNITS:
        return True
    letters = [c for c in token if c.isalpha()]
    return (
        len(letters) <= 1 or not any(c.islower() for c in letters) or token[1:] != token[1:].lower()
    )


def _masked(text: str, protected: tuple[str, ...]) -> str:
    """The text with its addresses and protected tokens (where they stand as whole words)
    replaced by digits of the same length: codes, kept as written, at the same offsets."""

    def mask(m: re.Match) -> str:
        return "0" * len(m.group())

    text = _ADDRESS.sub(mask, text)
    for token in protected:
        if token in text and occurs(text, token):
            text = re.sub(
                rf"(?<![A-Za-z0-9]){re.escape(token)}(?![A-Za-z0-9])", "0" * len(token), text
            )
    return text


def words(text: str, protected: tuple[str, ...] = ()) -> list[str]:
    """The words of text that a translation would not keep as written (see _kept), after
    the addresses and protected tokens are set aside."""
    return [t for t in _TOKEN.findall(_masked(text, protected)) if not _kept(t)]
