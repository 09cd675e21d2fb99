"""WSGI entry point, e.g. ``gunicorn phone.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phone.settings")

application = get_wsgi_application()
