"""Random editorial histories never show visitors anything a second person did not approve.

A Hypothesis state machine edits one compound (its short answer and an outcome's estimate, through
the ORM and `record_revision`, as the admin does), submits, approves, requests changes, restores
earlier revisions, rolls back to earlier publications and unpublishes, each time as one of two
content-staff users or two reviewers. It keeps its own model of what should be live and of the
four-eyes rule, and after every step checks the public JSON, page and index against that model.
Refused actions (PermissionDenied, ValidationError) must be exactly the ones the model expects, and
must change nothing.

Every action goes through one rule, `step`, whose argument names the action and who does it, so
a failing run prints steps like `state.step(action=('approve', 'reviewer-1', 0))`. (With one
Hypothesis rule per action, swarm testing switches random subsets of actions off for whole
examples; within this time budget that machine missed a four-eyes check deliberately removed.)
"""

import json
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import Client, override_settings
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from compounds.models import AuditEvent, Decision, MonographRevision, Publication, Submission
from compounds.workflow import publishing
from compounds.workflow.revisions import record_revision
from compounds.working_copy.document import build_monograph, monograph_queryset
from tests.factories import CompoundFactory, OutcomeFactory
from tests.publishing import staff_user

pytestmark = pytest.mark.django_db

AUTHORS = ("author-1", "author-2")  # "Content staff": may edit and submit
REVIEWERS = ("reviewer-1", "reviewer-2")  # "Reviewers": may also decide, roll back, unpublish
USERS = st.sampled_from(AUTHORS + REVIEWERS)
# Anyone may try anything, reviewers a little more often where only they may.
DECIDERS = st.sampled_from(REVIEWERS) | USERS
ESTIMATES = ("0.70", "0.75", "0.80", "0.85", "0.90", "0.95")  # all inside the CI 0.60 to 1.05
# Which earlier row an action picks: 0 is the latest (a decision: the pending submission).
BACK = st.just(0) | st.integers(min_value=1, max_value=12)
# An edit writes a new short answer (or not) and sets the outcome's estimate (or leaves it).
CHANGES = st.tuples(st.booleans(), st.none() | st.sampled_from(ESTIMATES))
SUMMARIES = st.sampled_from(["Please review", "Ready for review", " "])  # blank is refused
COMMENTS = st.sampled_from(["Approved", "Not yet", ""])  # blank is refused for changes requested
ARGUMENTS = {
    "edit": (USERS, CHANGES),
    "submit": (USERS, SUMMARIES),
    "approve": (DECIDERS, BACK),
    "request_changes": (DECIDERS, st.tuples(BACK, COMMENTS)),
    "restore": (USERS, BACK),
    "roll_back": (DECIDERS, BACK),
    "unpublish": (DECIDERS, st.just("Taken down")),
}
# Edits, submissions and approvals twice as often as the rarer actions, so histories get deep.
WEIGHTS = (2, 2, 2, 1, 1, 1, 1)
WEIGHTED = [name for name, weight in zip(ARGUMENTS, WEIGHTS, strict=True) for _ in range(weight)]
ACTIONS = st.sampled_from(WEIGHTED).flatmap(lambda name: st.tuples(st.just(name), *ARGUMENTS[name]))
NAME, SLUG = "Statemachinepeptide", "statemachine-peptide"
REFUSED = object()
FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


@dataclass(frozen=True)
class Content:
    """The part of the monograph the machine changes; everything else stays as created."""

    answer: str
    estimate: str


@dataclass(frozen=True)
class Revision:
    number: int
    author: str
    content: Content
    restored_from: "Revision | None" = None  # for a restore: where its content was written


@dataclass
class Sub:
    pk: int
    revision: int
    submitter: str
    decided: bool = False


@dataclass(frozen=True)
class Pub:
    pk: int
    revision: int | None  # None for a withdrawal


def answer_text(n):
    return f"Short answer Answerword{n:04d} for the state machine."


def answer_token(text):
    return text.split()[2]


def as_json(document):
    return json.loads(json.dumps(document))


class WorkflowMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        # Everything an example writes is rolled back in teardown(), so examples never share rows.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        try:
            self._set_up()
        except BaseException:
            self.teardown()
            raise

    def _set_up(self):
        assert not Publication.objects.exists(), "rows leaked from an earlier example"
        assert not MonographRevision.objects.exists(), "rows leaked from an earlier example"
        self.client = Client()
        with override_settings(PASSWORD_HASHERS=[FAST_HASHER]):  # PBKDF2 would double the run
            self.users = {name: staff_user(name, "Content staff") for name in AUTHORS}
            self.users |= {name: staff_user(name, "Reviewers") for name in REVIEWERS}
        self.answers_written = 0
        self.working = Content(self._new_answer(), "0.80")
        self.compound = CompoundFactory(name=NAME, slug=SLUG, short_answer=self.working.answer)
        self.outcome = OutcomeFactory(
            review__compound=self.compound, estimate=Decimal(self.working.estimate)
        )
        # The model.
        self.revisions: list[Revision] = []  # revisions[n - 1] is revision number n
        self.documents: dict[Content, dict] = {}  # the document of each content, as built
        self.submissions: list[Sub] = []
        self.publications: list[Pub] = []
        self.live: int | None = None  # revision number of the live document
        self.last_approved: int | None = None  # of the newest approval

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # Helpers

    def _new_answer(self):
        text = answer_text(self.answers_written)
        self.answers_written += 1
        return text

    def _counts(self):
        return tuple(
            model.objects.count()
            for model in (Publication, Decision, MonographRevision, Submission, AuditEvent)
        )

    def _attempt(self, refusal, verb, *args):
        """Run a verb the model expects to succeed (refusal None) or to raise `refusal`.

        An unexpected refusal propagates with its message; an unexpected success fails with
        "DID NOT RAISE"; an expected refusal must leave every workflow table as it was.
        """
        event(f"{verb.__name__}: {refusal.__name__ if refusal else 'succeeds'}")
        if refusal is None:
            return verb(*args)
        before = self._counts()
        with pytest.raises(refusal):
            verb(*args)
        assert self._counts() == before, "a refused action changed workflow rows"
        return REFUSED

    def _document(self, content):
        """The document of the working copy, built before any verb sees it."""
        if content not in self.documents:
            compound = monograph_queryset().get(pk=self.compound.pk)
            self.documents[content] = as_json(build_monograph(compound))
        return self.documents[content]

    def _latest(self):
        return self.revisions[-1] if self.revisions else None

    def _add_revision(self, author, content, restored_from=None):
        revision = Revision(len(self.revisions) + 1, author, content, restored_from)
        self.revisions.append(revision)
        return revision

    @staticmethod
    def _wrote(name, revision):
        """A restore counts as written by whoever restored it and by the author of the content."""
        origin = revision.restored_from
        return name == revision.author or (origin is not None and name == origin.author)

    def _pending(self):
        pending = [sub for sub in self.submissions if not sub.decided]
        assert len(pending) <= 1
        return pending[0] if pending else None

    def _submission(self, back):
        """The pending submission for back == 0 (else the latest); earlier ones otherwise."""
        if back == 0 and self._pending():
            return self._pending()
        return self.submissions[-1 - back % len(self.submissions)]

    def _decision_refusal(self, name, sub):
        """Who may decide on a submission: the four-eyes rule, mirrored."""
        if name not in REVIEWERS:
            return PermissionDenied
        if sub.decided:
            return ValidationError
        if sub.submitter == name:
            return PermissionDenied  # nobody decides on what they submitted
        own_edits = self._own_edits(name, sub)
        if own_edits:
            event(f"four eyes: own edits {own_edits} the newest approval")
        if own_edits == "since":
            return PermissionDenied  # nor on their own edits no other reviewer approved
        return None

    def _check_queue(self, name, sub):
        """A reviewer's approval queue offers a submission exactly when they may decide on it."""
        if name in REVIEWERS:
            may_decide = (
                not sub.decided and sub.submitter != name and self._own_edits(name, sub) != "since"
            )
            offered = Submission.objects.awaiting(self.users[name]).filter(pk=sub.pk).exists()
            assert offered == may_decide, f"{name}'s approval queue disagrees with four eyes"

    def _own_edits(self, name, sub):
        """Whether `name` wrote revisions after the newest approved one up to the submitted one
        ("since"), only earlier ones ("only before"), or none."""
        since = self.last_approved or 0
        if any(self._wrote(name, rev) for rev in self.revisions[since : sub.revision]):
            return "since"
        if any(self._wrote(name, rev) for rev in self.revisions[:since]):
            return "only before"
        return None

    # Rules

    @initialize(start=st.sampled_from(["live", "submitted", "draft"]), editor=USERS)
    def begin(self, start, editor):
        """Start from a draft, or from a first version by `editor`, submitted by author-1 and
        (when live) approved by a reviewer other than the editor, so later steps matter more."""
        if start != "draft":
            self.edit(editor, (True, None))
            self.submit("author-1", "First version")
        if start == "live":
            self.approve("reviewer-2" if editor == "reviewer-1" else "reviewer-1", 0)
            assert self.live == 1

    @rule(action=ACTIONS)
    def step(self, action):
        name, user, argument = action
        getattr(self, name)(user, argument)

    # Actions, each checked against the model

    def edit(self, user, change):
        new_answer, estimate = change
        answer = self._new_answer() if new_answer else self.working.answer
        self.working = Content(answer, estimate or self.working.estimate)
        self.compound.short_answer = self.working.answer
        self.compound.save()
        self.outcome.estimate = Decimal(self.working.estimate)
        self.outcome.save()
        document = self._document(self.working)

        recorded = record_revision(self.compound, self.users[user], "Edited by the machine")

        latest = self._latest()
        if latest and latest.content == self.working:
            assert recorded is None, "an unchanged working copy was recorded again"
        else:
            expected = self._add_revision(user, self.working)
            assert recorded is not None, "an edit was not recorded"
            assert recorded.number == expected.number
            assert recorded.document == document

    def submit(self, user, summary):
        latest = self._latest()
        content = latest.content if latest else self.working
        live_content = self.revisions[self.live - 1].content if self.live else None
        refusal = ValidationError if content == live_content or not summary.strip() else None
        if latest is None:
            self._document(self.working)

        submission = self._attempt(
            refusal, publishing.submit, self.compound, self.users[user], summary
        )
        if submission is REFUSED:
            return
        if latest is None:  # submitting a compound without versions records its first one
            latest = self._add_revision(user, self.working)
        if pending := self._pending():
            pending.decided = True  # withdrawn by the newer submission
        assert submission.monograph_revision.number == latest.number
        self.submissions.append(Sub(submission.pk, latest.number, user))

    def approve(self, user, back):
        if not self.submissions:
            return
        sub = self._submission(back)
        submission = Submission.objects.get(pk=sub.pk)
        self._check_queue(user, sub)

        publication = self._attempt(
            self._decision_refusal(user, sub),
            publishing.approve,
            submission,
            self.users[user],
            "Approved by the machine",
        )
        if publication is REFUSED:
            return
        sub.decided = True
        self.publications.append(Pub(publication.pk, sub.revision))
        self.live = self.last_approved = sub.revision

    def request_changes(self, user, argument):
        if not self.submissions:
            return
        back, comment = argument
        sub = self._submission(back)
        submission = Submission.objects.get(pk=sub.pk)
        self._check_queue(user, sub)
        refusal = self._decision_refusal(user, sub)
        if refusal is None and not comment.strip():
            refusal = ValidationError

        decision = self._attempt(
            refusal, publishing.request_changes, submission, self.users[user], comment
        )
        if decision is not REFUSED:
            sub.decided = True

    def restore(self, user, back):
        if not self.revisions:
            return
        old = self.revisions[-1 - back % len(self.revisions)]
        monograph_revision = MonographRevision.objects.get(
            compound=self.compound, number=old.number
        )

        restored = self._attempt(None, publishing.restore, monograph_revision, self.users[user])

        self.compound.refresh_from_db()
        self.outcome.refresh_from_db()
        self.working = old.content
        if old.content == self._latest().content:
            assert restored is None, "restoring the latest version recorded a new one"
        else:
            origin = old.restored_from or old  # a restore of a restore names the first author
            expected = self._add_revision(user, old.content, restored_from=origin)
            assert restored is not None, "a restore was not recorded"
            assert restored.number == expected.number
            if origin.author != user:
                event("restore: of content someone else wrote")

    def roll_back(self, user, back):
        if not self.publications:
            return
        target = self.publications[-1 - back % len(self.publications)]
        publication = Publication.objects.get(pk=target.pk)
        if user not in REVIEWERS:
            refusal = PermissionDenied
        elif target.revision is None:
            refusal = ValidationError  # a withdrawal shows nothing to go back to
        else:
            refusal = None

        rollback = self._attempt(
            refusal, publishing.roll_back, publication, self.users[user], "Rolled back"
        )
        if rollback is REFUSED:
            return
        self.publications.append(Pub(rollback.pk, target.revision))
        self.live = target.revision

    def unpublish(self, user, comment):
        if user not in REVIEWERS:
            refusal = PermissionDenied
        elif self.live is None:
            refusal = ValidationError
        else:
            refusal = None

        withdrawal = self._attempt(
            refusal, publishing.unpublish, self.compound, self.users[user], comment
        )
        if withdrawal is not REFUSED:
            self.publications.append(Pub(withdrawal.pk, None))
            self.live = None

    # Invariants

    @invariant()
    def the_pending_submission_is_the_models(self):
        pending = publishing.pending_submission(self.compound)
        expected = self._pending()
        assert (pending.pk if pending else None) == (expected.pk if expected else None)

    @invariant()
    def visitors_see_exactly_the_live_document(self):
        data = self.client.get(f"/compounds/{SLUG}.json")
        page = self.client.get(f"/compounds/{SLUG}/")
        index = self.client.get("/").text
        listed = f'href="/compounds/{SLUG}/"' in index or NAME in index

        if self.live is None:
            assert data.status_code == 404, "JSON served while nothing should be live"
            assert page.status_code == 404, "page served while nothing should be live"
            assert not listed, "index lists a compound that should not be live"
            return

        live = self.revisions[self.live - 1].content
        assert data.status_code == 200, "JSON missing while a revision should be live"
        assert data.json() == self.documents[live], "JSON is not the live document"
        assert page.status_code == 200, "page missing while a revision should be live"
        assert listed, "index does not list the live compound"
        html = page.text
        assert answer_token(live.answer) in html, "page lacks the live short answer"
        for n in range(self.answers_written):
            token = answer_token(answer_text(n))
            if token != answer_token(live.answer):
                assert token not in html, f"page shows {token}, which is not the live answer"


# About 1,000 steps, each a verb, a few queries and three requests: some 25 s on SQLite and 40 s
# on PostgreSQL on a 2-core machine. Derandomized and without an example database, so every run
# tries the same histories. A failure is shrunk for up to Hypothesis's 5 minutes before it prints.
WorkflowMachine.TestCase.settings = settings(
    max_examples=50,
    stateful_step_count=20,
    deadline=None,
    derandomize=True,
    database=None,
)
TestWorkflow = WorkflowMachine.TestCase


def test_nobody_approves_their_own_unapproved_edit_restored_by_someone_else(settings):
    settings.PASSWORD_HASHERS = [FAST_HASHER]
    author = staff_user("author-1", "Content staff")
    reviewer = staff_user("reviewer-1", "Reviewers")
    colleague = staff_user("reviewer-2", "Reviewers")
    compound = CompoundFactory(short_answer="The first answer.")
    compound.short_answer = "An answer reviewer-1 wrote and nobody else approved."
    compound.save()
    reviewers_own = record_revision(compound, reviewer, "reviewer-1 edits")
    compound.short_answer = "An answer author-1 wrote instead."
    compound.save()
    record_revision(compound, author, "author-1 edits")
    publishing.approve(publishing.submit(compound, author, "Please review"), colleague)
    publishing.restore(reviewers_own, author)  # a new revision, made by author-1
    submission = publishing.submit(compound, author, "Back to the earlier answer")

    with pytest.raises(PermissionDenied):
        publishing.approve(submission, reviewer)
