"""The body of an API error (``{"error": {...}}``) as a model.

Part of :mod:`realtime_sync.models` (every name here is importable from there), in a module of its own:
the client reads error bodies without these classes (``realtime_sync.errors``), so a process builds them
only if it asks for them (import time, issue 19).
"""

from typing import Optional, Union

import attrs

from . import Model

__all__ = ["APIErrorObject", "ErrorResponse"]


@attrs.frozen(kw_only=True)
class APIErrorObject(Model):
    """The ``error`` object of an API error body."""

    message: Optional[str] = None
    type: Optional[str] = None
    param: Optional[str] = None
    code: Optional[Union[str, int]] = None


@attrs.frozen(kw_only=True)
class ErrorResponse(Model):
    """An API error body: ``{"error": {...}}``."""

    error: APIErrorObject
