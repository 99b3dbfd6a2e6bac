from django.apps import AppConfig


class CompoundsConfig(AppConfig):
    name = "compounds"
    verbose_name = "Compounds and monographs"

    def ready(self):
        from .site import checks  # noqa: F401  (registers the system checks)
