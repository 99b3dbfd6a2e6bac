"""Monograph pages are rendered once, when they are published, and served from that rendering for
as long as the code and settings that rendered it run; whatever depends on other compounds (which
compared compounds are live) is decided on every request."""

import io

import pytest
from django.core.management import call_command

from compounds.models import PageRendering
from compounds.workflow.publishing import roll_back, unpublish
from tests import frozen_rows
from tests.factories import ComparisonFactory, CompoundFactory
from tests.publishing import publish, staff_user


@pytest.fixture
def compared(db):
    """A live compound compared with one live and one unpublished compound."""
    live_other, draft_other = CompoundFactory(name="Livetide"), CompoundFactory(name="Drafttide")
    publish(live_other)
    compound = CompoundFactory(name="Storetide")
    ComparisonFactory(compound=compound, other=live_other)
    ComparisonFactory(compound=compound, other=draft_other)
    publication = publish(compound)
    return compound, publication, live_other, draft_other


def page(client, compound):
    response = client.get(f"/compounds/{compound.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def mark_stored_copy(publication):
    """Alter the publication's stored page so a test can tell it is the copy being served."""
    rendering = PageRendering.objects.get(publication=publication)
    marked = rendering.before_comparison.replace("<h1>", "<h1>Stored: ", 1)
    frozen_rows.rewrite(PageRendering, rendering.pk, "before_comparison", marked)
    return "<h1>Stored: "


def test_approval_stores_the_page_and_the_stored_page_is_what_the_document_renders(
    client, compared
):
    compound, publication, live_other, draft_other = compared
    assert PageRendering.objects.filter(publication=publication).count() == 1

    stored = page(client, compound)
    frozen_rows.delete_all(PageRendering)
    from_document = page(client, compound)

    assert stored == from_document
    assert f'href="/compounds/{live_other.slug}/"' in stored
    assert f'href="/compounds/{draft_other.slug}/"' not in stored
    assert "Drafttide" in stored


def test_the_live_page_is_served_from_its_stored_rendering(client, compared):
    compound, publication, _, _ = compared

    assert mark_stored_copy(publication) in page(client, compound)


def test_a_stored_page_links_compared_compounds_only_while_they_are_live(client, compared):
    compound, publication, live_other, _ = compared
    stored_mark = mark_stored_copy(publication)
    assert f'href="/compounds/{live_other.slug}/"' in page(client, compound)

    unpublish(live_other, staff_user("test-reviewer", "Reviewers"), "Off for a test")

    html = page(client, compound)
    assert stored_mark in html
    assert f'href="/compounds/{live_other.slug}/"' not in html
    assert "Livetide" in html
    assert "side by side" not in html  # nothing live is left to compare it with
    assert PageRendering.objects.filter(publication=publication).exists()


def test_a_page_rendered_under_other_settings_is_rendered_again_not_served_stale(
    client, compared, settings
):
    compound, publication, _, _ = compared
    settings.SITE_URL = "https://monographs.example.org"

    html = page(client, compound)

    assert f'href="https://monographs.example.org/compounds/{compound.slug}/"' in html
    assert "127.0.0.1:8000" not in html


def test_render_pages_stores_the_live_pages_for_the_running_code_and_drops_the_rest(
    client, compared, settings
):
    compound, publication, live_other, _ = compared
    settings.SITE_URL = "https://monographs.example.org"
    from_document = page(client, compound)
    out = io.StringIO()

    call_command("render_pages", stdout=out)

    assert "Rendered 2 monograph pages" in out.getvalue()
    renderings = PageRendering.objects.filter(publication=publication)
    assert renderings.count() == 1  # the page rendered for the old address is gone
    assert page(client, compound) == from_document
    out = io.StringIO()
    call_command("render_pages", stdout=out)
    assert "Rendered 0 monograph pages" in out.getvalue()
    assert mark_stored_copy(publication) in page(client, compound)


def test_roll_backs_store_their_page_and_withdrawals_store_none(client, db):
    compound = CompoundFactory(name="Rolltide")
    first = publish(compound)
    compound.summary = "A second version."
    compound.save()
    publish(compound)
    publisher = staff_user("test-reviewer", "Reviewers")

    rollback = roll_back(first, publisher, "The first version was right")
    withdrawal = unpublish(compound, publisher, "Off for a test")

    assert PageRendering.objects.filter(publication=rollback).count() == 1
    assert not PageRendering.objects.filter(publication=withdrawal).exists()
    assert client.get(f"/compounds/{compound.slug}/").status_code == 404


def test_a_page_without_comparisons_is_stored_whole(client, db):
    compound = CompoundFactory(name="Alonetide")
    publication = publish(compound)

    stored = page(client, compound)
    assert mark_stored_copy(publication) in page(client, compound)
    frozen_rows.delete_all(PageRendering)

    assert 'id="comparison"' not in stored
    assert page(client, compound) == stored


def test_a_page_stored_by_other_templates_is_not_served(client, compared, settings, tmp_path):
    compound, *_ = compared
    settings.DEBUG = True  # templates are read again when they change, as in development
    edited = tmp_path / "compounds" / "monograph.html"
    edited.parent.mkdir()
    edited.write_text('{% extends "base.html" %}{% block content %}Edited{% endblock %}')
    jinja2, *others = settings.TEMPLATES
    settings.TEMPLATES = [{**jinja2, "DIRS": [tmp_path, *jinja2["DIRS"]]}, *others]

    html = page(client, compound)
    assert "Edited" in html
    assert "<article" not in html


def test_the_page_costs_the_same_queries_stored_or_rendered_from_its_document(
    client, compared, django_assert_num_queries
):
    compound, *_ = compared
    # The publication with its stored page (or its document); which compared compounds are live.
    with django_assert_num_queries(2):
        page(client, compound)
    frozen_rows.delete_all(PageRendering)
    with django_assert_num_queries(2):
        page(client, compound)
