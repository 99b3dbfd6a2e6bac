"""A research area across monographs: every live compound's evidence in it, side by side."""

from compounds.workflow.documents import outcome_list, outcomes_in
from evidence.forest import forest_panels


def research_area_page(rows, slug):
    """Context for one research area from current publications' evidence, or None if no live
    monograph has evidence in it.

    `rows` hold each publication's slug, name and `document__evidence__areas`.
    """
    compounds = []
    for row in sorted(rows, key=lambda row: row["name"].casefold()):
        area = next((a for a in row["document__evidence__areas"] if a["slug"] == slug), None)
        if area is not None:
            compounds.append({"slug": row["slug"], "name": row["name"], "area": area})
    for compound in compounds:
        compound["forest"] = forest_panels(
            outcome_list([compound["area"]]), compound["name"], f"forest-{compound['slug']}"
        )
    if not compounds:
        return None
    return {
        "area": {"slug": slug, "name": compounds[0]["area"]["name"]},
        "compounds": compounds,
        "outcome_rows": [
            {"compound": compound, "review": review, "outcome": outcome}
            for compound in compounds
            for _area, review, outcome in outcomes_in([compound["area"]])
        ],
    }
