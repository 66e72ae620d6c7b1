"""The catalogue model: focus areas, categories and criteria of one published catalogue version. Each
criterion is a "must" or a "should" and applies to listed entity types; a company is held to the union of the
criteria of every type it enrols as. A catalogue is immutable so that answers given against it keep their
meaning."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from greenlane.core.errors import ValidationFailed
from greenlane.core.types import EntityType


class RequirementLevel(StrEnum):
    MUST = "must"
    SHOULD = "should"


@dataclass(frozen=True, slots=True)
class FocusArea:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    name: str
    focus_area: str


@dataclass(frozen=True, slots=True)
class Criterion:
    id: str
    category: str
    level: RequirementLevel
    entity_types: frozenset[EntityType]
    requirement: str
    guidance: str

    @property
    def is_must(self) -> bool:
        return self.level is RequirementLevel.MUST

    def applies_to(self, entity_types: Iterable[EntityType]) -> bool:
        """A criterion applies to a company when it applies to at least one type the company enrols as."""
        return not self.entity_types.isdisjoint(entity_types)


@dataclass(frozen=True)
class Catalogue:
    """One published version of the criteria; immutable so answers given against it keep their meaning."""

    version: str
    effective_date: date
    focus_areas: tuple[FocusArea, ...]
    categories: tuple[Category, ...]
    criteria: tuple[Criterion, ...]
    _by_id: Mapping[str, Criterion] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        known_areas = {area.id for area in self.focus_areas}
        for category in self.categories:
            if category.focus_area not in known_areas:
                raise ValidationFailed(f"unknown focus area {category.focus_area!r}", record=category.id)
        order = {category.id: position for position, category in enumerate(self.categories)}
        by_id: dict[str, Criterion] = {}
        for criterion in self.criteria:
            if criterion.id in by_id:
                raise ValidationFailed("duplicate criterion id", field="id", record=criterion.id)
            if criterion.category not in order:
                raise ValidationFailed(f"unknown category {criterion.category!r}", record=criterion.id)
            by_id[criterion.id] = criterion
        # Category order first, then file order: gap reports and forms read in the catalogue's own sequence.
        ordered = tuple(sorted(self.criteria, key=lambda criterion: order[criterion.category]))
        object.__setattr__(self, "criteria", ordered)
        object.__setattr__(self, "_by_id", MappingProxyType(by_id))

    def find(self, criterion_id: str) -> Criterion | None:
        return self._by_id.get(criterion_id)

    def criterion(self, criterion_id: str) -> Criterion:
        """Looks a criterion up, refusing ids this version does not define."""
        found = self._by_id.get(criterion_id)
        if found is None:
            message = f"criterion is not in catalogue version {self.version}"
            raise ValidationFailed(message, field="criterion_id", record=criterion_id)
        return found

    def category(self, category_id: str) -> Category:
        for category in self.categories:
            if category.id == category_id:
                return category
        raise ValidationFailed(f"category is not in catalogue version {self.version}", record=category_id)

    def focus_area(self, focus_area_id: str) -> FocusArea:
        for area in self.focus_areas:
            if area.id == focus_area_id:
                return area
        raise ValidationFailed(f"focus area is not in catalogue version {self.version}", record=focus_area_id)

    def applicable_to(self, entity_types: Iterable[EntityType]) -> list[Criterion]:
        """The union of the criteria for every type a company enrols as, in catalogue order."""
        wanted = frozenset(entity_types)
        return [criterion for criterion in self.criteria if criterion.applies_to(wanted)]
