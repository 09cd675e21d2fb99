"""``python -m realtime_sync``: the same program as the ``realtime-sync`` console script."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
