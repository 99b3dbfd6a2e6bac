from django.contrib.admin.apps import AdminConfig


class PeptaraAdminConfig(AdminConfig):
    """Django's admin, served by the site with the editorial dashboard."""

    default_site = "peptara.admin.PeptaraAdminSite"
