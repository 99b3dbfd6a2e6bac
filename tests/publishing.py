"""Publish test data the only way anything is published: submitted by one person, approved by
another."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from compounds.workflow.publishing import approve, live_publication, submit
from compounds.workflow.revisions import latest_revision, record_revision


def staff_user(username, group):
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"is_staff": True, "email": f"{username}@example.org"}
    )
    if created:
        user.set_password(f"pw-{username}-1")
        user.save()
        user.groups.add(Group.objects.get(name=group))
    return user


def person(username, group, full_name):
    """A staff user in `group` whose pages show `full_name` (e.g. as the reviewer)."""
    user = staff_user(username, group)
    user.first_name, user.last_name = full_name.split()
    user.save()
    return user


def publish(compound, author=None, reviewer=None, **approval):
    """Make the compound's working copy live now (or at `effective_at`); returns the publication."""
    author = author or staff_user("test-author", "Content staff")
    reviewer = reviewer or staff_user("test-reviewer", "Reviewers")
    record_revision(compound, author, "Edited for a test")
    live = live_publication(compound)
    if live and live.content_hash == latest_revision(compound).content_hash:
        return live
    submission = submit(compound, author, "Ready for the test")
    return approve(submission, reviewer, "Approved for the test", **approval)
