"""multipart/form-data: the one encoder and the one parser (RFC 7578).

Standard library only. The client encodes ``calls.create`` bodies here; the
fixture format and the CLI demo parse them here, so both read exactly what
the client writes.
"""

from __future__ import annotations

import os
import re
from typing import Iterable, List, Optional, Sequence, Tuple

from .errors import RequestValidationError

__all__ = ["Part", "encode", "header_param", "media_type", "parse"]

# A quoted-string or token parameter: `; name="va\"lue"` or `; name=value`.
_PARAM = re.compile(r';\s*([A-Za-z0-9_*.-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))')
# Names and filenames are written inside a quoted-string of a part header: a
# quote, backslash or any control character would end it or start a new header.
_UNSAFE_NAME = re.compile(r'["\\\x00-\x1f\x7f]')
_UNSAFE_TYPE = re.compile(r"[\x00-\x1f\x7f]")


class Part:
    """One part: its form field ``name``, ``data`` bytes, optional ``content_type`` and ``filename``."""

    __slots__ = ("name", "data", "content_type", "filename")

    def __init__(
        self, name: Optional[str], data: bytes, content_type: Optional[str] = None, filename: Optional[str] = None
    ) -> None:
        self.name = name
        self.data = data
        self.content_type = content_type
        self.filename = filename

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Part):
            return (self.name, self.data, self.content_type, self.filename) == (
                other.name,
                other.data,
                other.content_type,
                other.filename,
            )
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return "Part(%r, <%d bytes>, %r)" % (self.name, len(self.data), self.content_type)


def media_type(content_type: Optional[str]) -> str:
    """``"Multipart/Form-Data; boundary=x"`` -> ``"multipart/form-data"``."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def header_param(value: str, name: str) -> Optional[str]:
    """The parameter ``name`` of a header value (quoted-string unescaped), or None."""
    for match in _PARAM.finditer(value):
        if match.group(1).lower() == name:
            quoted = match.group(2)
            return re.sub(r"\\(.)", r"\1", quoted) if quoted is not None else match.group(3).strip()
    return None


def _check(parts: Sequence[Part]) -> None:
    problems = []
    for part in parts:
        for what, text in (("field name", part.name), ("filename", part.filename)):
            if text is not None and (not isinstance(text, str) or _UNSAFE_NAME.search(text)):
                problems.append(
                    "%s %r: a multipart %s may not contain quotes, backslashes or control characters"
                    % (what, text, what)
                )
        if part.content_type is not None and _UNSAFE_TYPE.search(part.content_type):
            problems.append("field %r: the part's content type contains control characters" % (part.name,))
    if problems:
        raise RequestValidationError(problems)


def encode(parts: Iterable[Part], boundary: Optional[str] = None) -> Tuple[bytes, str]:
    """The body and ``Content-Type`` of a multipart/form-data message.

    Names that would break out of their header (quotes, CR/LF, other control
    characters) raise ``RequestValidationError``: nothing is sent.
    """
    parts = list(parts)
    _check(parts)
    boundary = boundary or os.urandom(16).hex()  # what uuid4().hex draws, without importing uuid (and platform)
    chunks = []
    for part in parts:
        disposition = "form-data"
        if part.name is not None:
            disposition += '; name="%s"' % part.name
        if part.filename is not None:
            disposition += '; filename="%s"' % part.filename
        head = "--%s\r\nContent-Disposition: %s\r\n" % (boundary, disposition)
        if part.content_type:
            head += "Content-Type: %s\r\n" % part.content_type
        chunks.append(head.encode("utf-8") + b"\r\n" + part.data + b"\r\n")
    chunks.append(("--%s--\r\n" % boundary).encode("ascii"))
    return b"".join(chunks), "multipart/form-data; boundary=" + boundary


def parse(content_type: str, body: bytes) -> Optional[List[Part]]:
    """The parts of a multipart body, or None when it is not well-formed multipart."""
    boundary = header_param(content_type, "boundary")
    if not boundary:
        return None
    try:
        delimiter = b"\r\n--" + boundary.encode("latin-1")
    except UnicodeEncodeError:
        return None
    chunks = (b"\r\n" + body).split(delimiter)
    # chunks[0] is the preamble, the last one starts with the closing "--".
    if len(chunks) < 2 or not chunks[-1].startswith(b"--"):
        return None
    parts: List[Part] = []
    for chunk in chunks[1:-1]:
        if not chunk.startswith(b"\r\n"):
            return None
        rest = chunk[2:]
        if rest.startswith(b"\r\n"):  # a part with no headers at all
            head, content = b"", rest[2:]
        else:
            head, sep, content = rest.partition(b"\r\n\r\n")
            if not sep:
                return None
        headers = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            name, colon, value = line.partition(":")
            if colon:
                headers[name.strip().lower()] = value.strip()
        disposition = headers.get("content-disposition", "")
        parts.append(
            Part(
                header_param(disposition, "name"),
                content,
                headers.get("content-type"),
                header_param(disposition, "filename"),
            )
        )
    return parts
