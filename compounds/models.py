"""The app's models, where Django looks for them: each is defined in the layer that owns it.

Code inside the layers imports models from their own modules (working_copy.models,
workflow.models), never from here, so the import contracts in pyproject.toml can see who uses
what.
"""

from .workflow.models import (
    AuditEvent,
    Decision,
    MonographRevision,
    PageRendering,
    Publication,
    RevisionRequest,
    Submission,
)
from .working_copy.models import (
    MONOGRAPH_ROWS,
    Comparison,
    Compound,
    CompoundKind,
    FAQItem,
    HumanEvidence,
    MechanismTier,
    RegulatoryStatus,
    RegulatoryStatusChoice,
    SiteSettings,
)

__all__ = [
    "MONOGRAPH_ROWS",
    "AuditEvent",
    "Comparison",
    "Compound",
    "CompoundKind",
    "Decision",
    "FAQItem",
    "HumanEvidence",
    "MechanismTier",
    "MonographRevision",
    "PageRendering",
    "Publication",
    "RegulatoryStatus",
    "RegulatoryStatusChoice",
    "RevisionRequest",
    "SiteSettings",
    "Submission",
]
