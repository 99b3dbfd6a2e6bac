from django.contrib import admin
from reversion.admin import VersionAdmin

from .models import Reference, ResearchArea


@admin.register(Reference)
class ReferenceAdmin(VersionAdmin):
    list_display = ("key", "short_label", "title", "journal", "year", "doi", "pmid")
    list_filter = ("year", "journal")
    search_fields = ("key", "authors", "title", "journal", "doi", "pmid")
    autocomplete_fields = ("updates",)
    fieldsets = (
        (None, {"fields": ("key", "authors", "title")}),
        ("Source", {"fields": ("journal", ("year", "volume", "issue", "pages"))}),
        ("Identifiers", {"fields": (("doi", "pmid"), "updates")}),
    )

    @admin.display(description="cited as")
    def short_label(self, reference):
        return reference.short_label


@admin.register(ResearchArea)
class ResearchAreaAdmin(VersionAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}
