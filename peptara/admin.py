"""The admin site, with an editorial dashboard on its index page."""

from django.contrib import admin

from compounds.workflow.dashboard import dashboard


class PeptaraAdminSite(admin.AdminSite):
    site_header = "Peptara evidence CMS"
    site_title = "Peptara evidence CMS"
    index_title = "Monographs and evidence"
    index_template = "admin/peptara_index.html"

    def index(self, request, extra_context=None):
        return super().index(request, {**(extra_context or {}), **dashboard(request.user)})
