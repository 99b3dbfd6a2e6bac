"""Where Django's admin finds this app's registrations: the workflow layer makes them, as every
edit in the admin is a version of a monograph (see workflow/admin.py)."""

from .workflow import admin  # noqa: F401
