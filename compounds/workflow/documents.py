"""Reading frozen monograph documents: older shapes upgraded, and the walks over their evidence
that every reader shares.

A document is what working_copy/document.py built when a revision was recorded; revisions and
publications keep it unchanged for good, as their hashes are of what a reviewer approved. So a
document frozen by older code keeps its older shape (its `schema_version`), and everything that
shows one reads it through upgraded(), which brings it to today's shape in memory. (The
research-area page reads its documents' `evidence.areas` in SQL, unupgraded: an upgrade that
reshapes that part must upgrade it there too.)
"""

import copy

from compounds.working_copy.document import SCHEMA_VERSION


def _safety_notes_name_their_outcome(document):
    """Version 2: a safety note names the outcome quantifying it by tag instead of holding a copy
    of that outcome."""
    for note in document["safety"]["notes"]:
        outcome = note.pop("outcome")
        note["outcome_tag"] = outcome["tag"] if outcome else None


# UPGRADES[n] turns a document of version n into one of version n + 1.
UPGRADES = {1: _safety_notes_name_their_outcome}
assert sorted(UPGRADES) == list(range(1, SCHEMA_VERSION)), "an upgrade per older schema version"


def upgraded(document):
    """The document in today's shape (SCHEMA_VERSION); one already in it is returned as it is."""
    version = document.get("schema_version", 1)
    if version == SCHEMA_VERSION:
        return document
    document = copy.deepcopy(document)
    for step in range(version, SCHEMA_VERSION):
        UPGRADES[step](document)
    document["schema_version"] = SCHEMA_VERSION
    return document


def reviews_in(areas):
    """(area, review) for every review in a document's research areas, in page order."""
    return [(area, review) for area in areas for review in area["reviews"]]


def outcomes_in(areas):
    """(area, review, outcome) for every review outcome in research areas, in page order."""
    return [
        (area, review, outcome)
        for area, review in reviews_in(areas)
        for outcome in review["outcomes"]
    ]


def guidelines_in(areas):
    """(area, guideline) for every guideline recommendation in research areas, in page order."""
    return [(area, guideline) for area in areas for guideline in area["guidelines"]]


def outcome_list(areas):
    """Every review outcome in research areas, in page order."""
    return [outcome for _area, _review, outcome in outcomes_in(areas)]


def outcomes_by_tag(document):
    """The document's outcomes by tag (how safety notes name the outcome quantifying them)."""
    return {outcome["tag"]: outcome for outcome in outcome_list(document["evidence"]["areas"])}
