"""Reading frozen monograph documents: the walks over their evidence that every reader shares.

A document is what working_copy/document.py built when a revision was recorded; revisions and
publications keep it unchanged for good.
"""


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
