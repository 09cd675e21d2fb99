"""Hypothesis strategies shared by the property tests.

``st.text()``'s default alphabet is ``characters(codec="utf-8")``, and hypothesis
learns which characters a codec encodes by trying all 1.1 million code points:
2 s in every pytest-xdist worker of a fresh checkout, before it caches the
answer under .hypothesis/. The same alphabet, every code point but the
surrogates, described by category costs nothing.
"""

from typing import Optional

from hypothesis import strategies as st

CHARACTERS = st.characters(exclude_categories=("Cs",))


def unicode_text(*, min_size: int = 0, max_size: Optional[int] = None) -> st.SearchStrategy[str]:
    """``st.text(min_size=, max_size=)`` with its default alphabet, without the codec scan."""
    return st.text(CHARACTERS, min_size=min_size, max_size=max_size)
