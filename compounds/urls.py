from django.urls import path

from . import views

app_name = "compounds"

urlpatterns = [
    path("", views.compound_index, name="index"),
    path("compounds/<slug:slug>/", views.monograph, name="monograph"),
    path("compounds/<slug:slug>.json", views.monograph_json, name="monograph_json"),
    path("preview/<str:token>/", views.signed_preview, name="signed_preview"),
]
