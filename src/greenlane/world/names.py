"""Invented but plausible company names, addresses and trade identifiers for the synthetic parties.

Names follow each country's company-form conventions (GmbH, Co., Ltd., S.A. de C.V., Inc.) so that a
manifest reads like a real one, yet no generated party is a real company: the ground truth says who
smuggles, and that must never point at an existing business. Identifiers follow the public formats:
four-letter carrier codes (SCAC style), three-character broker filer codes, manufacturer identification
codes (MID: country, name letters, address digits, city letters) and US importer numbers.
"""

from __future__ import annotations

import numpy as np

__all__ = ["NameBook"]

# fmt: off
_ADJECTIVES = (
    "Golden", "Jade", "Silver", "Eastern", "Bright", "Harmony", "Lotus", "Summit", "Azure", "Crimson",
    "Northern", "Royal", "Grand", "Noble", "Sunrise", "Rising", "Prime", "True", "Swift", "Great",
    "Pioneer", "Lucky", "Unity", "Vista", "Apex", "Zenith", "Emerald", "Ivory", "Amber", "Cobalt",
)
_NOUNS = (
    "River", "Star", "Bridge", "Ocean", "Crane", "Phoenix", "Peak", "Harbor", "Pine", "Delta", "Horizon",
    "Anchor", "Maple", "Falcon", "Orchid", "Coral", "Cedar", "Lantern", "Meadow", "Willow", "Stone",
    "Tiger", "Dragon", "Lion", "Compass", "Beacon", "Forest", "Valley", "Island", "Sail",
)
_TRADES = (
    "Trading", "Industrial", "Manufacturing", "Textiles", "Electronics", "Home Goods", "Foods", "Imports",
    "Supply", "Products", "International", "Enterprises",
)
# Company-form suffix by country.
_FORMS: dict[str, str] = {
    "CN": "Co., Ltd.", "VN": "JSC", "JP": "K.K.", "KR": "Co., Ltd.", "DE": "GmbH", "IN": "Pvt. Ltd.",
    "TW": "Co., Ltd.", "MX": "S.A. de C.V.", "TH": "Co., Ltd.", "IT": "S.p.A.", "ID": "PT",
    "MY": "Sdn. Bhd.", "BD": "Ltd.", "BR": "Ltda.", "GB": "Ltd", "FR": "SAS", "ES": "S.L.", "NL": "B.V.",
    "TR": "A.S.", "EC": "S.A.", "CL": "SpA", "BE": "NV", "PK": "(Pvt) Ltd.", "CO": "S.A.S.", "GT": "S.A.",
    "IE": "Ltd", "CH": "AG", "CR": "S.A.", "PT": "Lda.", "AU": "Pty Ltd", "ET": "PLC", "US": "Inc.",
}
_STREETS = (
    "Industrial", "Harbour", "Station", "Park", "Riverside", "Commerce", "Export", "Logistics", "Main",
)
_US_CITIES = (
    "Los Angeles", "Long Beach", "Newark", "Savannah", "Houston", "Chicago", "Dallas", "Atlanta", "Seattle",
    "Memphis", "Columbus", "Miami", "Charlotte", "Ontario", "Edison", "Carson", "Compton", "Norfolk",
)
_LINE_WORDS = (
    "Meridian", "Polaris", "Tidewater", "Bluewake", "Seastar", "Oriental", "Transpac", "Coastline",
    "Neptune", "Trident", "Southern Cross", "Albatross", "Orion", "Halcyon", "Windward", "Ironwake",
    "Sapphire", "Kestrel", "Marlin", "Nautica", "Northstar", "Sunline", "Bayview", "Cormorant", "Argosy",
    "Galleon", "Mistral", "Lodestar", "Pelican", "Caravel", "Horizon", "Tasman", "Corsair", "Boreal",
    "Zephyr", "Triton", "Atoll", "Solent", "Monsoon", "Aurora",
)
# fmt: on


class NameBook:
    """Hands out unique names and identifiers from one random stream, so a seed fixes every name."""

    def __init__(self, rng: np.random.Generator) -> None:
        self._rng = rng
        self._used: set[str] = set()
        self._codes: set[str] = set()

    def _pick(self, words: tuple[str, ...]) -> str:
        return words[int(self._rng.integers(len(words)))]

    def company(self, country: str, city: str, trade: str | None = None) -> str:
        """A company name unique in the world; a city, then a number, break ties as real registries do."""
        stem = f"{self._pick(_ADJECTIVES)} {self._pick(_NOUNS)} {trade or self._pick(_TRADES)}"
        form = _FORMS.get(country, "Ltd.")
        name = f"{form} {stem}" if form == "PT" else f"{stem} {form}"
        if name in self._used:
            name = f"{stem} ({city}) {form}"
        number = 2
        while name in self._used:
            name = f"{stem} {number} {form}"
            number += 1
        self._used.add(name)
        return name

    def address(self, city: str) -> str:
        number = int(self._rng.integers(1, 999))
        return f"{number} {self._pick(_STREETS)} Road, {city}"

    def us_city(self) -> str:
        return self._pick(_US_CITIES)

    def carrier(self, index: int) -> tuple[str, str]:
        """A shipping line's name and its four-letter code, unique among carriers."""
        word = _LINE_WORDS[index % len(_LINE_WORDS)]
        suffix = "" if index < len(_LINE_WORDS) else f" {index // len(_LINE_WORDS) + 1}"
        name = f"{word} Container Line{suffix}"
        return name, self._unique_code(word.replace(" ", "").upper(), 4, "")

    def filer_code(self) -> str:
        """Three characters, as customs-broker filer codes are."""
        return self._unique_code("", 3, "ABCDEFGHJKLMNPRSTUVWXYZ0123456789")

    def importer_number(self) -> str:
        """An IRS-number style importer of record id (NN-NNNNNNN), unique in the world."""
        while True:
            value = f"{int(self._rng.integers(10, 99))}-{int(self._rng.integers(1_000_000, 9_999_999))}"
            if value not in self._codes:
                self._codes.add(value)
                return value

    def manufacturer_id(self, country: str, name: str, address: str, city: str) -> str:
        """MID: country, 3+3 letters of the first two name words, up to 4 address digits, 3 city letters."""
        words = [w for w in name.replace(",", " ").split() if w.isalpha() and w not in ("PT",)]
        first = (words[0][:3] if words else "XXX").upper()
        second = (words[1][:3] if len(words) > 1 else "").upper()
        digits = "".join(ch for ch in address if ch.isdigit())[:4]
        city_part = "".join(ch for ch in city.upper() if ch.isalpha())[:3]
        return f"{country}{first}{second}{digits}{city_part}"

    def _unique_code(self, stem: str, length: int, alphabet: str) -> str:
        letters = alphabet or "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        candidate = stem[:length] if len(stem) >= length else ""
        while not candidate or candidate in self._codes:
            picks = self._rng.integers(len(letters), size=length)
            candidate = (stem[:1] if stem else "") + "".join(letters[int(i)] for i in picks)
            candidate = candidate[:length]
        self._codes.add(candidate)
        return candidate
