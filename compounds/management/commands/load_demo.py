import secrets

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from compounds.workflow.publishing import approve, live_publication, submit
from compounds.workflow.revisions import latest_revision, record_revision
from compounds.working_copy import demo
from compounds.working_copy.aggregate import validate_outcome_embeds
from compounds.working_copy.models import Compound
from evidence.models import Reference, ResearchArea

CHILD_ROWS = {
    # related name: fields that identify a row within its compound
    "regulatory_statuses": ("region",),
    "reviews": ("reference",),
    "outcomes": ("tag",),
    "guidelines": ("reference", "recommendation"),
    "regimens": ("research_area", "route", "source"),
    "safety_notes": ("topic", "position"),
    "comparisons": ("other",),
    "faq_items": ("question",),
}
COMPOUND_FIELDS = {
    "name", "title", "summary", "kind", "composition", "origin", "sequence", "routes",
    "human_evidence", "mechanism_tier", "short_answer", "identity_answer", "identity_detail",
    "mechanism_answer", "mechanism_detail", "evidence_answer", "evidence_detail", "dosing_answer",
    "dosing_detail", "safety_answer", "safety_detail", "comparison_answer", "comparison_detail",
}  # fmt: skip


def save_clean(instance):
    """Validate like the admin does, then save: imports never bypass validation."""
    instance.full_clean()
    instance.save()
    return instance


def upsert(model, lookup, values):
    instance = model.objects.filter(**lookup).first() or model(**lookup)
    for field, value in values.items():
        setattr(instance, field, value)
    return save_clean(instance)


class Command(BaseCommand):
    help = (
        "Load the demo monographs (Cerebrolysin from the seed page, Semax and Dihexa). Running it "
        "again restores them to the seed. With DJANGO_DEBUG on it also creates the demo users "
        "and publishes the demo through the workflow: the author submits, the reviewer approves."
    )

    def handle(self, *args, **options):
        password = secrets.token_urlsafe(12)
        users = self.create_demo_users(password) if settings.DEBUG else {}
        author = users.get("author")
        with transaction.atomic():
            with reversion.create_revision():
                reversion.set_user(author)
                reversion.set_comment("Loaded the demo references and research areas")
                references = self.load_references()
                areas = {
                    area["slug"]: upsert(ResearchArea, {"slug": area["slug"]}, area)
                    for area in demo.RESEARCH_AREAS
                }
            compounds = [self.load_compound(content) for content in demo.COMPOUNDS]
            for compound, content in zip(compounds, demo.COMPOUNDS, strict=True):
                self.load_rows(compound, content, references, areas)
            for compound in compounds:
                record_revision(compound, author, "Loaded the demo monograph from the seed page")
            if users:
                self.publish(compounds, author, users["reviewer"])
        self.stdout.write(self.style.SUCCESS(f"Loaded {len(demo.COMPOUNDS)} demo monographs."))
        if users:
            self.stdout.write(
                "Demo users author (content staff), reviewer (reviewer) and admin (superuser) "
                "sign in at /admin/ with the password: " + self.style.WARNING(password)
            )
        else:
            self.stdout.write("They are drafts: submit and approve them in the admin to publish.")

    def publish(self, compounds, author, reviewer):
        """Submit as the author and approve as the reviewer whatever differs from what is live."""
        for compound in compounds:
            revision = latest_revision(compound)
            live = live_publication(compound)
            if live is None or live.content_hash != revision.content_hash:
                submission = submit(compound, author, "Demo monograph from the seed page")
                approve(submission, reviewer, "Checked against the seed page.")

    def load_references(self):
        references = {}
        for entry in demo.REFERENCES:
            values = {k: v for k, v in entry.items() if k not in ("key", "updates")}
            values["updates"] = references[entry["updates"]] if "updates" in entry else None
            references[entry["key"]] = upsert(Reference, {"key": entry["key"]}, values)
        return references

    def load_compound(self, content):
        values = {field: value for field, value in content.items() if field in COMPOUND_FIELDS}
        return upsert(Compound, {"slug": content["slug"]}, values)

    def load_rows(self, compound, content, references, areas):
        """Sync the compound's rows, in an order where every row's targets already exist."""

        def resolved(row, **lookups):
            return {**row, **{field: table[row[field]] for field, table in lookups.items()}}

        reviews = content.get("reviews", [])
        self.sync(compound, "regulatory_statuses", content.get("regulatory_statuses", []))
        self.sync(
            compound,
            "reviews",
            [
                resolved(
                    {k: v for k, v in review.items() if k != "outcomes"},
                    reference=references,
                    research_area=areas,
                )
                for review in reviews
            ],
        )
        reviews_by_key = {review.reference.key: review for review in compound.reviews.all()}
        self.sync(
            compound,
            "outcomes",
            [
                {**outcome, "review": reviews_by_key[review["reference"]]}
                for review in reviews
                for outcome in review["outcomes"]
            ],
        )
        outcomes = {outcome.tag: outcome for outcome in compound.outcomes.all()}
        self.sync(
            compound,
            "guidelines",
            [
                resolved(row, reference=references, research_area=areas)
                for row in content.get("guidelines", [])
            ],
        )
        self.sync(
            compound,
            "regimens",
            [
                resolved(row, source=references, research_area=areas)
                for row in content.get("regimens", [])
            ],
        )
        self.sync(
            compound,
            "safety_notes",
            [
                {**note, "outcome": outcomes.get(note.get("outcome"))}
                for note in content.get("safety_notes", [])
            ],
        )
        self.sync(
            compound,
            "comparisons",
            [
                {"other": Compound.objects.get(slug=slug), "note": note}
                for slug, note in content.get("comparisons", [])
            ],
        )
        self.sync(compound, "faq_items", content.get("faq_items", []))
        validate_outcome_embeds(compound)

    def sync(self, compound, related_name, rows):
        """Make the compound's rows of one kind exactly `rows`, matched by their natural key."""
        manager = getattr(compound, related_name)
        keys = CHILD_ROWS[related_name]
        kept = []
        for position, row in enumerate(rows):
            row = {"position": position, **row}
            lookup = {key: row[key] for key in keys}
            instance = upsert(manager.model, {"compound": compound, **lookup}, row)
            kept.append(instance.pk)
        manager.exclude(pk__in=kept).delete()

    def create_demo_users(self, password):
        """The author and reviewer of the demo, and an administrator, sharing a new password."""
        User = get_user_model()
        users = {}
        for username, group in (("author", "Content staff"), ("reviewer", "Reviewers")):
            users[username] = self.demo_user(User, username, password, is_superuser=False)
            users[username].groups.set([Group.objects.get(name=group)])
        users["admin"] = self.demo_user(User, "admin", password, is_superuser=True)
        return users

    def demo_user(self, User, username, password, is_superuser):
        user = User.objects.filter(username=username).first() or User(username=username)
        user.first_name = username.capitalize()
        user.last_name = "(demo)"
        user.email = f"{username}@peptara.example"
        user.is_staff = True
        user.is_superuser = is_superuser
        user.set_password(password)
        user.save()
        return user
