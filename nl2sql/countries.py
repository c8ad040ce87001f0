"""Country names for the two-letter ISO 3166 codes a column keeps: 'PL' is Poland, 波兰.

A vendor table keeps `country = 'PL'`; people ask for "the vendors in Poland" or "波兰的供应商".
The names, English and Chinese, are the Unicode CLDR's, read from the installed `babel` package,
never fetched.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache


@lru_cache(maxsize=1)
def _names() -> dict[str, tuple[str, ...]]:
    from babel import Locale

    english, chinese = Locale("en").territories, Locale("zh").territories
    codes = [code for code in english if isinstance(code, str) and len(code) == 2 and code.isalpha()]
    return {code: tuple(n for n in (english[code], chinese.get(code, "")) if n) for code in codes}


def country_names(values: Sequence[object]) -> list[tuple[str, str]]:
    """Each stored value with its country's names, when every value is a country's code.

    >>> country_names(["PL", "DE"])
    [('PL', 'Poland'), ('PL', '波兰'), ('DE', 'Germany'), ('DE', '德国')]
    >>> country_names(["PL", "XX"]), country_names([])
    ([], [])
    """
    names = _names()
    codes = [str(v) for v in values]
    if not codes or not all(code in names for code in codes):
        return []
    return [(code, name) for code in codes for name in names[code]]
