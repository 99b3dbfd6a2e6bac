from django.urls import path

from . import views
from .downloads import outcomes_csv, outcomes_json, references_bibtex, references_ris
from .search import search

app_name = "compounds"

urlpatterns = [
    path("", views.compound_index, name="index"),
    path("compounds/<slug:slug>/", views.monograph, name="monograph"),
    path("compounds/<slug:slug>.json", views.monograph_json, name="monograph_json"),
    path("compounds/<slug:slug>/changes/", views.changes, name="changes"),
    path("compounds/<slug:slug>/outcomes.csv", outcomes_csv, name="outcomes_csv"),
    path("compounds/<slug:slug>/outcomes.json", outcomes_json, name="outcomes_json"),
    path("compounds/<slug:slug>/references.ris", references_ris, name="references_ris"),
    path("compounds/<slug:slug>/references.bib", references_bibtex, name="references_bibtex"),
    path("compare/", views.compare, name="compare"),
    path("research-areas/<slug:slug>/", views.research_area, name="research_area"),
    path("search/", search, name="search"),
    path("preview/<str:token>/", views.signed_preview, name="signed_preview"),
]
