"""Public pages. They read only current publications, so a draft cannot leak by construction."""

from functools import wraps

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from compounds.workflow import pages
from compounds.workflow.documents import upgraded
from compounds.workflow.models import Publication
from compounds.workflow.pages import render_monograph
from compounds.workflow.publishing import revision_for_preview_token

from .compare import comparison_rows, key_outcomes, parse_compounds
from .home import home_page
from .page_cache import public_page
from .query_text import without_control_characters
from .research_areas import research_area_page


def render_page(request, template_name, context, site=None):
    """A public page, with the approved site wording its header and footer show."""
    site = site or Publication.objects.site_wording()
    return render(request, template_name, {"site": site, **context})


@public_page
def compound_index(request):
    publications = Publication.objects.current().only(
        "slug", "name", "card", "effective_at", "change_summary"
    )
    context = {**home_page(publications), "canonical_path": reverse("compounds:index")}
    return render_page(request, "compounds/index.html", context)


@public_page
def research_area(request, slug):
    rows = (
        Publication.objects.current()
        .filter(area_slugs__contains=f" {slug} ")
        .values("slug", "name", "document__evidence__areas")
    )
    context = research_area_page(rows, slug)
    if context is None:
        raise Http404("No published monograph has evidence in this research area.")
    context["canonical_path"] = request.path
    return render_page(request, "compounds/research_area.html", context)


@public_page
def compare(request):
    raw = without_control_characters(request.GET.get("compounds", ""))
    cards = list(Publication.objects.current().values_list("card", flat=True))
    chosen = parse_compounds(raw, cards)
    chosen_publications = Publication.objects.current().filter(slug__in=chosen.slugs)
    by_slug = {p.slug: upgraded(p.document) for p in chosen_publications.only("slug", "document")}
    documents = [by_slug[slug] for slug in chosen.slugs if slug in by_slug]
    # One address per comparison, however the visitor spelt the compounds.
    canonical_path = reverse("compounds:compare")
    if documents:
        canonical_path += "?compounds=" + ",".join(d["compound"]["slug"] for d in documents)
    context = {
        "canonical_path": canonical_path,
        "chosen": chosen,
        "query": raw[:1000],
        "documents": documents,
        "rows": comparison_rows(documents),
        "key_outcomes": [key_outcomes(document) for document in documents],
        "names": sorted((card["name"] for card in cards), key=str.casefold),
    }
    return render_page(request, "compounds/compare.html", context)


def follows_renamed_slugs(view):
    """Send visitors of a monograph's old address (any page under it) to its new one, 301."""

    @wraps(view)
    def wrapper(request, slug, **kwargs):
        try:
            return view(request, slug, **kwargs)
        except Http404:
            renamed = Publication.objects.renamed_to(slug)
            if renamed is None or renamed.slug == slug:
                raise
            match = request.resolver_match
            new_path = reverse(match.view_name, kwargs={**match.kwargs, "slug": renamed.slug})
            query = request.META.get("QUERY_STRING")
            return HttpResponsePermanentRedirect(f"{new_path}?{query}" if query else new_path)

    return wrapper


NOT_PUBLISHED = "No monograph is published at this address."


def live_publication_or_404(slug):
    """The current publication at this address; visitors never see anything else."""
    publication = Publication.objects.live_at(slug)
    if publication is None:
        raise Http404(NOT_PUBLISHED)
    return publication


@public_page
@follows_renamed_slugs
def monograph(request, slug):
    publication = Publication.objects.live_page_at(slug, pages.renderer())
    if publication is None:
        raise Http404(NOT_PUBLISHED)
    if publication.before_comparison is None:  # not stored by the code running now
        return render_monograph(request, publication.document, publication)
    return pages.serve(publication)


@public_page
@follows_renamed_slugs
def monograph_json(request, slug):
    document = upgraded(live_publication_or_404(slug).document)
    return JsonResponse(document, json_dumps_params={"ensure_ascii": False})


@public_page
@follows_renamed_slugs
def changes(request, slug):
    publication = live_publication_or_404(slug)
    document = upgraded(publication.document)
    context = {
        "monograph": document,
        "publication": publication,
        "changes": Publication.objects.shown()
        .filter(compound_id=publication.compound_id)
        .only(
            "kind", "effective_at", "approved_at", "approver_name", "author_name", "change_summary"
        ),
        "canonical_path": request.path,
    }
    return render_page(request, "compounds/changes.html", context, site=document["site"])


@public_page
def robots_txt(request):
    sitemap = settings.SITE_URL + reverse("sitemap")
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


def page_not_found(request, exception):
    response = render_page(request, "404.html", {})
    response.status_code = 404
    return response
