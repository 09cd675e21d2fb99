"""An example Django project: SIP calls answered by the Realtime API, plus a browser voice page."""
