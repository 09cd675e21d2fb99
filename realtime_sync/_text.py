"""Showing a caller's value in an error message without failing on it.

Standard library only, importable from the lowest layer. ``repr()`` itself can
raise on what a caller passes: an int longer than 4300 digits (``ValueError``),
a list nested past the recursion limit (``RecursionError``), an object whose
``__repr__`` is broken. An error message must never turn into another error.
"""

from __future__ import annotations

from typing import Any

__all__ = ["short_repr"]


def short_repr(value: Any, limit: int = 40) -> str:
    """``repr(value)`` cut to ``limit`` characters; a description when repr itself fails."""
    try:
        text = repr(value)
    except Exception:  # ValueError (huge int), RecursionError, a broken __repr__
        if isinstance(value, int):
            text = "an integer of %d digits or more" % (value.bit_length() * 3 // 10)
        else:
            text = "a %s that cannot be shown" % type(value).__name__
        return text
    return text if len(text) <= limit else text[: limit - 3] + "..."
