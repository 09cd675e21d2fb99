"""Optional integrations with third-party frameworks (Django)."""
