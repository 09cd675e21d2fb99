"""Write a secret to a file only its owner can read (the CLI's and Django's ``--secret-out``)."""

import os

__all__ = ["write_private"]


def write_private(path: str, text: str) -> None:
    """Write ``text`` (and a newline) to ``path`` with mode 0600; raises ``OSError``.

    A new file is created 0600 from the start (never readable by others, not
    even briefly); an existing one is truncated and its mode tightened first,
    since ``O_CREAT``'s mode applies only to new files.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        if hasattr(os, "fchmod"):  # POSIX; Windows has no such modes
            os.fchmod(fd, 0o600)
        os.write(fd, (text + "\n").encode("utf-8"))
    finally:
        os.close(fd)
