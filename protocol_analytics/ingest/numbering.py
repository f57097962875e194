"""List numbering written as text: counters as letters and roman numerals (Word's number formats, HTML's
``<ol type>``, the item markers segmentation reads)."""
from __future__ import annotations

_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def to_roman(n: int) -> str:
    """Lower-case roman numeral of a positive integer (``0`` and below as decimal).

    >>> [to_roman(n) for n in (1, 4, 9, 14, 40, 0)]
    ['i', 'iv', 'ix', 'xiv', 'xl', '0']
    """
    if n <= 0:
        return str(n)
    out = []
    for value, numeral in _ROMAN:
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def to_letters(n: int) -> str:
    """Lower-case letter numbering as Word does it: a..z, aa..zz, aaa.. (``0`` as decimal)."""
    if n <= 0:
        return str(n)
    letter = chr(ord("a") + (n - 1) % 26)
    return letter * ((n - 1) // 26 + 1)
