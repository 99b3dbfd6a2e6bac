import secrets

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand
from django.db import transaction

from compounds import demo
from compounds.models import Compound
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
        "again restores them to the seed; with DJANGO_DEBUG on it also creates the demo users."
    )

    def handle(self, *args, **options):
        with transaction.atomic(), reversion.create_revision():
            reversion.set_comment("Loaded the demo monographs")
            references = self.load_references()
            areas = {
                area["slug"]: upsert(ResearchArea, {"slug": area["slug"]}, area)
                for area in demo.RESEARCH_AREAS
            }
            compounds = [self.load_compound(content) for content in demo.COMPOUNDS]
            for compound, content in zip(compounds, demo.COMPOUNDS, strict=True):
                self.load_rows(compound, content, references, areas)
        self.stdout.write(self.style.SUCCESS(f"Loaded {len(demo.COMPOUNDS)} demo monographs."))
        if settings.DEBUG:
            self.create_demo_users()

    def load_references(self):
        references = {}
        for entry in demo.REFERENCES:
            values = {k: v for k, v in entry.items() if k not in ("key", "updates")}
            values["updates"] = references[entry["updates"]] if "updates" in entry else None
            references[entry["key"]] = upsert(Reference, {"key": entry["key"]}, values)
        return references

    def load_compound(self, content):
        values = {field: value for field, value in content.items() if field in COMPOUND_FIELDS}
        return upsert(Compound, {"slug": content["slug"]}, {**values, "is_published": True})

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
        compound.validate_outcome_embeds()

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

    def create_demo_users(self):
        password = secrets.token_urlsafe(12)
        content_permissions = Permission.objects.filter(
            content_type__app_label__in=["compounds", "evidence"]
        ).exclude(codename__startswith="delete_")
        User = get_user_model()
        for username, is_superuser in (("author", False), ("reviewer", False), ("admin", True)):
            user = User.objects.filter(username=username).first() or User(username=username)
            user.email = f"{username}@peptara.example"
            user.is_staff = True
            user.is_superuser = is_superuser
            user.set_password(password)
            user.save()
            if not is_superuser:
                user.user_permissions.set(content_permissions)
        self.stdout.write(
            "Demo users author, reviewer and admin can sign in at /admin/ with the password: "
            + self.style.WARNING(password)
        )
