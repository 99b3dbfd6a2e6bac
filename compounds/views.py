"""Public pages. They read only current publications, so a draft cannot leak by construction."""

from django.db.models.fields.json import KT
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from .models import Publication
from .publishing import revision_for_preview_token


def compound_index(request):
    publications = (
        Publication.objects.current()
        .annotate(
            name=KT("document__compound__name"),
            summary=KT("document__compound__summary"),
            human_evidence=KT("document__compound__human_evidence_label"),
        )
        .values("slug", "name", "summary", "human_evidence")
        .order_by("name")
    )
    return render(request, "compounds/index.html", {"compounds": publications})


def _current_publication(slug):
    publication = (
        Publication.objects.current()
        .filter(slug=slug)
        .only("slug", "document", "reviewer_name", "reviewed_at", "review_due", "effective_at")
        .first()
    )
    if publication is None:
        raise Http404("No monograph is published at this address.")
    return publication


def _live_slugs(document):
    """Which compared compounds have a page to link to."""
    slugs = [other["slug"] for other in document["comparison"]["compounds"]]
    if not slugs:
        return set()
    return set(Publication.objects.current().filter(slug__in=slugs).values_list("slug", flat=True))


def render_monograph(request, document, publication=None, preview=None):
    """The public template for a document: live, or a staff or signed preview of a revision."""
    context = {
        "monograph": document,
        "publication": publication,
        "preview": preview,
        "live_slugs": _live_slugs(document),
    }
    return render(request, "compounds/monograph.html", context)


def monograph(request, slug):
    publication = _current_publication(slug)
    return render_monograph(request, publication.document, publication)


def monograph_json(request, slug):
    document = _current_publication(slug).document
    return JsonResponse(document, json_dumps_params={"ensure_ascii": False})


def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /preview/", f"Sitemap: {sitemap}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@never_cache
def signed_preview(request, token):
    revision = revision_for_preview_token(token)
    if revision is None:
        raise Http404("This preview link is invalid or has expired.")
    preview = {"revision": revision, "signed": True}
    response = render_monograph(request, revision.document, preview=preview)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
