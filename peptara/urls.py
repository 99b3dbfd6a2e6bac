from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Peptara evidence CMS"
admin.site.site_title = "Peptara evidence CMS"
admin.site.index_title = "Monographs and evidence"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("compounds.urls")),
]
