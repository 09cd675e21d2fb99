"""The Django app of realtime_sync: add ``"realtime_sync.contrib.django"`` to ``INSTALLED_APPS``.

It has no models. Installed, it registers the system checks
(``manage.py check``: misspelled ``REALTIME_SYNC`` keys, a missing webhook
secret, a de-duplication cache that works in one process only) and the
``sendtestwebhook`` and ``openai_webhook_endpoint`` management commands. The views
work without it.
"""

from django.apps import AppConfig


class RealtimeSyncConfig(AppConfig):  # type: ignore[misc]
    """``realtime_sync``'s app config: registers the system checks when Django starts."""

    name = "realtime_sync.contrib.django"
    label = "realtime_sync"
    verbose_name = "realtime_sync (OpenAI Realtime and Live)"

    def ready(self) -> None:
        from django.core import checks

        from .checks import check_realtime_sync

        checks.register(check_realtime_sync)
