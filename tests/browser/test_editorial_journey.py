"""The editorial journey in Chromium: an author edits and submits, a reviewer approves.

Visitors see nothing of the edit until the reviewer approves the submitted revision.
"""

import re
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.browser

AUTHOR_PASSWORD = "author-journey-pw-1"
REVIEWER_PASSWORD = "reviewer-journey-pw-1"


def sign_in(page, base_url, username, password):
    page.goto(f"{base_url}/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/admin/")


def sign_out(page, base_url):
    page.get_by_role("button", name="Log out").click()  # Django 5 logs out by POST
    page.wait_for_url(f"{base_url}/admin/logout/")
    assert "Logged out" in page.inner_text("#content")


@contextmanager
def visitor_reading_cerebrolysin(chromium, base_url):
    """The public Cerebrolysin page in a fresh browser context, not signed in."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    try:
        visitor = context.new_page()
        response = visitor.goto(f"{base_url}/compounds/cerebrolysin/")
        assert response.status == 200
        yield visitor
    finally:
        context.close()


def public_text(chromium, base_url):
    with visitor_reading_cerebrolysin(chromium, base_url) as visitor:
        return visitor.inner_text("main")


def outcome_prefix(page, tag):
    """The inline form prefix (e.g. 'outcomes-0') of the outcome with this tag."""
    tags = page.locator('input[name^="outcomes-"][name$="-tag"]')
    for index in range(tags.count()):
        field = tags.nth(index)
        if field.input_value() == tag:
            return field.get_attribute("name").removesuffix("-tag")
    raise AssertionError(f"no outcome tagged {tag!r} on the change form")


def test_an_edit_goes_live_only_after_a_reviewer_approves_it(
    chromium, page, live_demo, screenshot_path
):
    from compounds.models import Compound

    base = live_demo.url
    users = get_user_model().objects
    for username, password in (("author", AUTHOR_PASSWORD), ("reviewer", REVIEWER_PASSWORD)):
        user = users.get(username=username)
        user.set_password(password)
        user.save()
    compound = Compound.objects.get(slug="cerebrolysin")
    change_url = base + reverse("admin:compounds_compound_change", args=[compound.pk])

    # Before anything: the public page shows the approved estimate.
    text = public_text(chromium, base)
    assert "risk ratio 0.96" in text

    # The author edits the all-cause-death estimate and notes why.
    sign_in(page, base, "author", AUTHOR_PASSWORD)
    page.goto(change_url)
    assert page.locator(".workflow-state").inner_text() == "Live"
    prefix = outcome_prefix(page, "all-cause-death")
    estimate = page.locator(f'input[name="{prefix}-estimate"]')
    assert estimate.input_value() == "0.96"
    estimate.fill("0.97")
    page.locator('input[name="change_note"]').fill(
        "All-cause death: RR 0.97 as corrected in the review's erratum"
    )
    estimate.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -250)")  # show the outcome's name and tag above it too
    page.screenshot(path=screenshot_path("author-edit"))
    with page.expect_navigation():  # the form posts to, and returns to, the same address
        page.locator('input[name="_continue"]').first.click()  # Save and continue editing
    assert "was changed successfully" in page.inner_text(".messagelist")
    assert page.locator(".workflow-state").inner_text() == "Live, with unpublished changes"
    assert page.locator(f'input[name="{prefix}-estimate"]').input_value() == "0.97"
    page.screenshot(path=screenshot_path("author-saved"))

    # Saving changed nothing public.
    text = public_text(chromium, base)
    assert "risk ratio 0.96" in text
    assert "risk ratio 0.97" not in text

    # The author submits the revision for approval.
    page.get_by_role("link", name="Submit for approval").click()
    page.wait_for_url("**/submit/")
    assert "0.96" in page.inner_text(".peptara-diff")
    page.get_by_label("Change summary").fill(
        "Corrects the all-cause death risk ratio from 0.96 to 0.97 (review erratum)."
    )
    page.screenshot(path=screenshot_path("submit"))
    with page.expect_navigation(url=change_url):
        page.get_by_role("button", name="Submit for approval").click()
    assert "is waiting for a reviewer's approval" in page.inner_text(".messagelist")
    assert page.locator(".workflow-state").inner_text() == "Submitted for approval"
    sign_out(page, base)

    # Still nothing public changed.
    text = public_text(chromium, base)
    assert "risk ratio 0.96" in text
    assert "risk ratio 0.97" not in text

    # The reviewer opens the queue of submissions awaiting their approval.
    sign_in(page, base, "reviewer", REVIEWER_PASSWORD)
    page.goto(base + reverse("admin:compounds_submission_changelist") + "?status=mine")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1
    assert "Cerebrolysin" in rows.first.inner_text()
    assert "Awaiting approval" in rows.first.inner_text()
    page.screenshot(path=screenshot_path("reviewer-queue"))

    # ...reads the submission and its differences against the live page...
    rows.first.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r".*/admin/compounds/submission/\d+/change/(\?.*)?$"))
    assert "Corrects the all-cause death risk ratio" in page.inner_text(".submission-summary")
    outcome = page.locator(".peptara-diff tbody.diff-changed", has_text="all-cause death").filter(
        has=page.locator("th.diff-field", has_text="Estimate")
    )
    assert outcome.count() == 1
    estimate_row = outcome.locator("tr", has=page.locator("th", has_text=re.compile("^Estimate$")))
    assert estimate_row.locator(".diff-before").inner_text().strip() == "0.96"
    assert estimate_row.locator(".diff-after").inner_text().strip() == "0.97"
    page.locator(".decision-forms").evaluate(  # the decision forms above the first differences
        "element => window.scrollTo(0, element.getBoundingClientRect().top + window.scrollY - 16)"
    )
    page.screenshot(path=screenshot_path("reviewer-diff-outcome"))
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=screenshot_path("reviewer-diff"))

    # ...and approves it with a comment, to go live now.
    approve = page.locator("form.decision-form", has_text="Approve and publish")
    approve.locator('textarea[name="comment"]').fill("Checked against the erratum.")
    page.get_by_role("button", name=re.compile(r"^Approve revision \d+$")).click()
    page.wait_for_url(base + reverse("admin:compounds_submission_changelist"))
    assert "Approved: Cerebrolysin is public from" in page.inner_text(".messagelist")

    # The compound's history after the journey (for the README).
    page.goto(base + reverse("admin:compounds_compound_history", args=[compound.pk]))
    history = page.inner_text("#content-main")
    assert "All-cause death: RR 0.97 as corrected" in history
    page.screenshot(path=screenshot_path("history"))
    sign_out(page, base)

    # A visitor now reads the approved estimate and who reviewed it.
    with visitor_reading_cerebrolysin(chromium, base) as visitor:
        text = visitor.inner_text("main")
        assert "risk ratio 0.97" in text
        assert "risk ratio 0.96" not in text
        reviewed = visitor.locator(".monograph__review").inner_text()
        assert re.search(r"^Last reviewed on \d{1,2} \w+ \d{4} by Reviewer\b", reviewed), reviewed
        visitor.screenshot(path=screenshot_path("visitor-after"))
        visitor.get_by_role("cell", name="Risk ratio 0.97").scroll_into_view_if_needed()
        visitor.screenshot(path=screenshot_path("visitor-after-outcome"))
