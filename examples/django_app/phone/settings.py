"""Settings of the example phone project.

Without ``OPENAI_API_KEY`` in the environment the project runs **offline**:
the Realtime client replays ``phone/recordings/phone_calls.json`` instead of
calling OpenAI, and webhooks are signed with a demo secret (see
``phone/offline.py``). With a key, it talks to the real API and verifies
webhooks with ``OPENAI_WEBHOOK_SECRET``.
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "example-only-insecure-key-change-me")
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # realtime_sync's app: system checks (manage.py check) and manage.py sendtestwebhook.
    "realtime_sync.contrib.django",
    "phone",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "phone.urls"
WSGI_APPLICATION = "phone.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(BASE_DIR / "db.sqlite3")}}
# The webhook view claims each webhook-id here (in progress, done, unknown);
# use Redis or Memcached when several worker processes serve the webhook,
# without error swallowing for this alias (no ignore_exc / IGNORE_EXCEPTIONS):
# a failing store then answers 503 and logs the real error. See docs/django.md.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The demo runs as one process (runserver), where the local-memory cache de-duplicates
# correctly; manage.py check warns about it (realtime_sync.W001, and W002 for the Live
# offer view's cache) for any real deployment.
SILENCED_SYSTEM_CHECKS = ["realtime_sync.W001", "realtime_sync.W002"]
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = True
LOGIN_URL = "/admin/login/"
STATIC_URL = "/static/"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "realtime_sync": {"handlers": ["console"], "level": "INFO"},
        "phone": {"handlers": ["console"], "level": "INFO"},
    },
}

OFFLINE = not os.environ.get("OPENAI_API_KEY")

REALTIME_SYNC = {
    # The session browsers get (client secret and SDP proxy views); the SIP
    # line uses its own, in phone/calls.py.
    "SESSION": {
        "type": "realtime",
        "model": "gpt-realtime",
        "instructions": "You are the voice assistant of Example Corp's website. Be brief.",
    },
    "TIMEOUT": 20,
    # Accepted calls go to manage.py realtime_worker (phone/conversation.py): through Redis when REDIS_URL is
    # set (web and worker processes apart), else a queue in this process (tests and the offline demo).
    "CALL_QUEUE": os.environ.get("REDIS_URL") or "phone.conversation.LOCAL_CALLS",
    "CALL_HANDLER": "phone.conversation.handle",
}

if OFFLINE:
    from phone.offline import DEMO_API_KEY, DEMO_WEBHOOK_SECRET

    REALTIME_SYNC.update(
        API_KEY=DEMO_API_KEY,
        WEBHOOK_SECRET=os.environ.get("OPENAI_WEBHOOK_SECRET") or DEMO_WEBHOOK_SECRET,
        MAX_RETRIES=0,
    )
    if os.environ.get("OPENAI_BASE_URL"):
        # The offline stand-in (python -m phone.standin): real HTTP and real WebRTC, on 127.0.0.1.
        REALTIME_SYNC["BASE_URL"] = os.environ["OPENAI_BASE_URL"]
    else:
        REALTIME_SYNC["TRANSPORT"] = "phone.offline.ReplayTransport"
