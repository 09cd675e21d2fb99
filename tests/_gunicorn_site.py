"""A one-module Django site for tests/test_django_caches.py's multi-process test, served by gunicorn.

Settings, URLs and the webhook handler in one module (``DJANGO_SETTINGS_MODULE=_gunicorn_site``,
served as ``gunicorn 'django.core.wsgi:get_wsgi_application()'``). Configured by the test
through the environment: the cache (``E2E_CACHE``, JSON), the loopback API server
(``E2E_API_URL``) and the webhook secret (``E2E_SECRET``).
"""

import json
import os
from typing import Any

from django.urls import path

from realtime_sync.contrib.django import WebhookView, get_client

SECRET_KEY = "tests-only-not-a-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
INSTALLED_APPS: list = []
MIDDLEWARE: list = []
ROOT_URLCONF = __name__
DATABASES: dict = {}
USE_TZ = True
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "webhooks": json.loads(os.environ.get("E2E_CACHE", '{"BACKEND": "django.core.cache.backends.dummy.DummyCache"}')),
}
REALTIME_SYNC = {
    "API_KEY": "sk-test-gunicorn",
    "WEBHOOK_SECRET": os.environ.get("E2E_SECRET"),
    "BASE_URL": os.environ.get("E2E_API_URL"),
    "MAX_RETRIES": 0,
    "TIMEOUT": 10,
    "WEBHOOK_DEDUPE_CACHE": "webhooks",
}
LOGGING = {"version": 1, "disable_existing_loggers": False}


def accept(event: Any, request: Any) -> None:
    get_client().calls.accept(event.data.call_id, session={"type": "realtime", "model": "gpt-realtime"})


urlpatterns = [path("webhook/", WebhookView({"realtime.call.incoming": accept}))]
