from django.contrib import admin

from compounds.admin import SharedRecordAdmin
from compounds.revisions import compounds_citing, compounds_in_research_area

from .models import Reference, ResearchArea


@admin.register(Reference)
class ReferenceAdmin(SharedRecordAdmin):
    list_display = ("key", "short_label", "title", "journal", "year", "doi", "pmid")
    list_filter = ("year", "journal")
    search_fields = ("key", "authors", "title", "journal", "doi", "pmid")
    autocomplete_fields = ("updates",)
    fieldsets = (
        (None, {"fields": ("key", "authors", "title")}),
        ("Source", {"fields": ("journal", ("year", "volume", "issue", "pages"))}),
        ("Identifiers", {"fields": (("doi", "pmid"), "updates")}),
    )

    def monographs_showing(self, reference):
        return compounds_citing(reference)

    @admin.display(description="cited as")
    def short_label(self, reference):
        return reference.short_label


@admin.register(ResearchArea)
class ResearchAreaAdmin(SharedRecordAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}

    def monographs_showing(self, area):
        return compounds_in_research_area(area)
