"""The criteria domain in plain objects: the catalogue model, answers and gap reports, and the security
profile with its certification, renewal and migration rules. Import from here; the submodules only keep each
file small. Nothing in this package touches a database, a web framework or a file."""

from greenlane.criteria.domain.answers import (
    SATISFYING,
    AnswerStatus,
    CategoryGaps,
    Gap,
    GapReport,
    ProfileAnswer,
    check_answer,
)
from greenlane.criteria.domain.criteria import Catalogue, Category, Criterion, FocusArea, RequirementLevel
from greenlane.criteria.domain.profile import Migration, SecurityProfile, one_year_after

__all__ = [
    "SATISFYING",
    "AnswerStatus",
    "Catalogue",
    "Category",
    "CategoryGaps",
    "Criterion",
    "FocusArea",
    "Gap",
    "GapReport",
    "Migration",
    "ProfileAnswer",
    "RequirementLevel",
    "SecurityProfile",
    "check_answer",
    "one_year_after",
]
