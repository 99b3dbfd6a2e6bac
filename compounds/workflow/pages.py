"""The monograph page: rendered from a document, and stored when it is published.

A publication never changes, so neither does its page, except for what depends on other
compounds: which compared compounds are live to link to. Approvals and roll-backs render the page
and store it in two parts around its comparison section; a request reads the parts and renders
only that section. A stored page names its renderer: a hash of the project's code and templates,
the static files manifest and the settings pages print. A page rendered by anything else is
rendered from the document on each request (never served stale) until `manage.py render_pages`,
run after every deploy, stores it for the running code.
"""

import functools
import hashlib
import importlib
import json
import os
import sysconfig
import uuid
from importlib.metadata import version
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import get_template, render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from markupsafe import Markup

from evidence.forest import forest_panels

from .documents import outcome_list, outcomes_by_tag, upgraded
from .models import PageRendering, Publication
from .structured_data import json_ld, monograph_graph

TEMPLATE = "compounds/monograph.html"
COMPARISON_TEMPLATE = "compounds/_comparison.html"
# Stands in for the comparison section while a page is rendered for storage; unique per process,
# so no content can contain it.
_SLOT = Markup(f"<!-- comparison {uuid.uuid4().hex} -->")


def renderer():
    """Names the code and settings that render pages: equal names render equal pages."""
    parts = [
        _code_digest(),
        settings.SITE_URL,
        settings.STATIC_URL,
        settings.TIME_ZONE,
        settings.LANGUAGE_CODE,
        get_script_prefix(),
        get_urlconf(settings.ROOT_URLCONF),  # requests set it, commands leave the default
        # Hashed static file names change with the files (ManifestStaticFilesStorage).
        getattr(staticfiles_storage, "manifest_hash", ""),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _code_digest():
    if settings.DEBUG:
        # Development re-reads templates when they change (Jinja2's auto_reload), so stored pages
        # must follow: a file's size and modification time say it changed, without reading it.
        return _digest_of_code(_size_and_modification_time)
    return _digest_of_code_at_start()


def _digest_of_code(fingerprint):
    """A hash of every file of the project's own packages and templates (each file's
    `fingerprint`), and of the versions of the libraries rendering them: a deploy that changes
    any of them renders pages anew."""
    digest = hashlib.sha256()
    for root in _code_roots():
        for folder, subfolders, files in os.walk(root):
            subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
            for name in sorted(files):
                path = os.path.join(folder, name)
                digest.update(f"{os.path.relpath(path, root.parent)}\0".encode())
                digest.update(fingerprint(path))
    digest.update(_rendering_libraries().encode())
    return digest.hexdigest()


@functools.cache
def _rendering_libraries():
    return " ".join(f"{name} {version(name)}" for name in ("Django", "Jinja2", "MarkupSafe"))


@functools.cache
def _code_roots():
    """The folders of the project's own packages and templates."""
    base = Path(settings.BASE_DIR).resolve()
    libraries = {Path(sysconfig.get_path(name)).resolve() for name in ("purelib", "platlib")}
    # Installed libraries count by their versions, unless the project is installed among them.
    libraries = {library for library in libraries if not base.is_relative_to(library)}
    modules = [config.name for config in apps.get_app_configs()] + [settings.ROOT_URLCONF]
    modules += [backend["OPTIONS"].get("environment", "") for backend in settings.TEMPLATES]
    packages = {module.split(".")[0] for module in modules if module}
    roots = {Path(importlib.import_module(name).__file__).parent.resolve() for name in packages}
    roots = {
        root
        for root in roots
        if root.is_relative_to(base) and not any(root.is_relative_to(lib) for lib in libraries)
    }
    roots |= {
        Path(folder).resolve() for backend in settings.TEMPLATES for folder in backend["DIRS"]
    }
    # A folder inside another (the Jinja2 templates in the Django ones) is walked once.
    return sorted(root for root in roots if not any(root in other.parents for other in roots))


def _size_and_modification_time(path):
    status = os.stat(path)
    return f"{status.st_size} {status.st_mtime_ns}".encode()


def _contents(path):
    with open(path, "rb") as file:
        return file.read()


_digest_of_code_at_start = functools.cache(functools.partial(_digest_of_code, _contents))


def render_monograph(request, document, publication=None, preview=None):
    """The page of a document: live, or a staff or signed preview of a revision."""
    document = upgraded(document)
    context = _context(document, publication, preview)
    context["comparison_section"] = comparison_section(comparison_of(document))
    return render(request, TEMPLATE, context)


def _context(document, publication, preview):
    context = {
        "site": document["site"],
        "monograph": document,
        "publication": publication,
        "preview": preview,
        "outcomes_by_tag": outcomes_by_tag(document),
        "forest": forest_panels(
            outcome_list(document["evidence"]["areas"]), document["compound"]["name"], "forest"
        ),
    }
    if publication is not None:
        path = reverse("compounds:monograph", args=[publication.slug])
        graph = monograph_graph(document, publication, settings.SITE_URL + path)
        context.update(canonical_path=path, structured_data=json_ld(graph))
    return context


def comparison_section(comparison):
    """The comparison section: compared compounds link to their pages only while those are live.

    `comparison` holds the compound's "name" and "slug" and its document's "comparison" part.
    """
    compared = comparison["comparison"]["compounds"]
    if not compared:
        return Markup("")
    live_slugs = Publication.objects.live_slugs([other["slug"] for other in compared])
    return Markup(
        get_template(COMPARISON_TEMPLATE).render({**comparison, "live_slugs": live_slugs})
    )


def comparison_of(document):
    compound = document["compound"]
    return {
        "name": compound["name"],
        "slug": compound["slug"],
        "comparison": document["comparison"],
    }


def store(publication_id):
    """Render a publication's page as the running code does and keep it."""
    # Loaded as public pages load it: datetimes in UTC, whatever time zone the approval gave.
    publication = Publication.objects.get(pk=publication_id)
    document = upgraded(publication.document)
    context = {**_context(document, publication, None), "comparison_section": _SLOT}
    before, after = render_to_string(TEMPLATE, context).split(_SLOT)
    rendering = PageRendering(
        publication=publication,
        renderer=renderer(),
        before_comparison=before,
        after_comparison=after,
        comparison=comparison_of(document),
    )
    # A deploy's render_pages and an approval may render the same page at once.
    PageRendering.objects.bulk_create([rendering], ignore_conflicts=True)


def serve(publication):
    """The stored page of a publication from Publication.objects.live_page_at()."""
    section = comparison_section(json.loads(publication.comparison))
    return HttpResponse(
        "".join((publication.before_comparison, section, publication.after_comparison))
    )
