"""Loading the published criteria catalogues. Each catalogue version is a YAML file shipped with the
package (catalogues/<version>.yaml) so that criteria are reviewed like code and a profile can always be read
against the exact version it was answered on. A file is checked before use, and every problem is reported with
the file, the record (criterion, category, focus area or group) and the field, because the people who edit
these files are security specialists, not programmers."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import NoReturn

import yaml

from greenlane.core.errors import GreenlaneError, NotFound, ValidationFailed
from greenlane.core.types import EntityType
from greenlane.criteria.domain import Catalogue, Category, Criterion, FocusArea, RequirementLevel

VERSION_PATTERN = re.compile(r"^(\d{4})\.(\d+)$")
CRITERION_ID_PATTERN = re.compile(r"^([A-Z]{2,4})-(\d{2,3})$")
ALL_TYPES = "all"
_TOP_FIELDS = {"version", "effective_date", "title", "groups", "focus_areas", "categories", "criteria"}
_CRITERION_FIELDS = {"id", "category", "level", "applies_to", "requirement", "guidance"}


class CatalogueInvalid(ValidationFailed):
    """A catalogue file that cannot be used, saying where: file, record and field."""

    def __init__(
        self, source: str, message: str, *, record: str | None = None, field: str | None = None
    ) -> None:
        where = ", ".join(part for part in (record, f"field {field!r}" if field else None) if part)
        text = f"{source}: {where}: {message}" if where else f"{source}: {message}"
        GreenlaneError.__init__(self, text)
        self.source = source
        self.record = record
        self.field = field


class _Reader:
    """Reads one file's parsed YAML, failing with the file name attached to every message."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, message: str, *, record: str | None = None, field: str | None = None) -> NoReturn:
        raise CatalogueInvalid(self.source, message, record=record, field=field)

    def mapping(self, value: object, record: str, allowed: set[str]) -> Mapping[str, object]:
        if not isinstance(value, Mapping):
            self.fail(f"expected a mapping of fields, got {type(value).__name__}", record=record)
        unknown = sorted(str(key) for key in value if key not in allowed)
        if unknown:
            listed, expected = ", ".join(unknown), ", ".join(sorted(allowed))
            self.fail(f"unknown field(s) {listed}; allowed: {expected}", record=record)
        return value

    def text(self, data: Mapping[str, object], name: str, record: str) -> str:
        value = data.get(name)
        if value is None:
            self.fail("is missing", record=record, field=name)
        if not isinstance(value, str) or not value.strip():
            self.fail("must be non-empty text", record=record, field=name)
        return " ".join(value.split())  # YAML block scalars leave line breaks that mean nothing here

    def items(self, data: Mapping[str, object], name: str) -> list[object]:
        value = data.get(name)
        if not isinstance(value, list) or not value:
            self.fail("must be a non-empty list", record="catalogue", field=name)
        return value


def _version(reader: _Reader, top: Mapping[str, object]) -> str:
    raw = top.get("version")
    version = str(raw).strip() if isinstance(raw, str | float | int) else ""
    if not VERSION_PATTERN.match(version):
        reader.fail(f"expected a version like '2026.1' (quote it in YAML), got {raw!r}", field="version")
    return version


def _effective_date(reader: _Reader, top: Mapping[str, object]) -> date:
    raw = top.get("effective_date")
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        reader.fail(f"expected an ISO date like 2026-01-01, got {raw!r}", field="effective_date")


def _entity_type(reader: _Reader, value: object, record: str, field: str) -> EntityType:
    try:
        return EntityType(str(value))
    except ValueError:
        valid = ", ".join(member.value for member in EntityType)
        reader.fail(f"unknown entity type {value!r}; expected one of: {valid}", record=record, field=field)


def _groups(reader: _Reader, raw: object) -> dict[str, frozenset[EntityType]]:
    """Named sets of entity types ("carriers"), so the file says who a criterion is for in everyday words."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        reader.fail("expected a mapping of group name to entity types", field="groups")
    groups: dict[str, frozenset[EntityType]] = {}
    for name, members in raw.items():
        record = f"group {name}"
        if name == ALL_TYPES or name in {member.value for member in EntityType}:
            reader.fail("a group cannot reuse the name of an entity type or 'all'", record=record)
        if not isinstance(members, list) or not members:
            reader.fail("must be a non-empty list of entity types", record=record, field="members")
        groups[str(name)] = frozenset(_entity_type(reader, member, record, "members") for member in members)
    return groups


def _applies_to(
    reader: _Reader, raw: object, record: str, groups: Mapping[str, frozenset[EntityType]]
) -> frozenset[EntityType]:
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not raw:
        reader.fail("must list at least one entity type, group or 'all'", record=record, field="applies_to")
    found: set[EntityType] = set()
    for item in raw:
        if item == ALL_TYPES:
            found.update(EntityType)
        elif item in groups:
            found.update(groups[item])
        else:
            found.add(_entity_type(reader, item, record, "applies_to"))
    return frozenset(found)


def _focus_areas(reader: _Reader, top: Mapping[str, object]) -> list[FocusArea]:
    areas: list[FocusArea] = []
    for index, raw in enumerate(reader.items(top, "focus_areas")):
        data = reader.mapping(raw, f"focus_areas[{index}]", {"id", "name"})
        area_id = reader.text(data, "id", f"focus_areas[{index}]")
        if any(area.id == area_id for area in areas):
            reader.fail("duplicate focus area id", record=f"focus area {area_id}", field="id")
        areas.append(FocusArea(area_id, reader.text(data, "name", f"focus area {area_id}")))
    return areas


def _categories(reader: _Reader, top: Mapping[str, object], areas: list[FocusArea]) -> list[Category]:
    known_areas = {area.id for area in areas}
    categories: list[Category] = []
    for index, raw in enumerate(reader.items(top, "categories")):
        data = reader.mapping(raw, f"categories[{index}]", {"id", "name", "focus_area"})
        category_id = reader.text(data, "id", f"categories[{index}]")
        record = f"category {category_id}"
        if any(category.id == category_id for category in categories):
            reader.fail("duplicate category id", record=record, field="id")
        area = reader.text(data, "focus_area", record)
        if area not in known_areas:
            reader.fail(f"unknown focus area {area!r}", record=record, field="focus_area")
        categories.append(Category(category_id, reader.text(data, "name", record), area))
    return categories


def _criterion(
    reader: _Reader,
    raw: object,
    index: int,
    categories: set[str],
    groups: Mapping[str, frozenset[EntityType]],
) -> Criterion:
    data = reader.mapping(raw, f"criteria[{index}]", _CRITERION_FIELDS)
    criterion_id = reader.text(data, "id", f"criteria[{index}]")
    record = f"criterion {criterion_id}"
    shape = CRITERION_ID_PATTERN.match(criterion_id)
    if not shape:
        reader.fail("expected an id like 'BP-03'", record=record, field="id")
    category = reader.text(data, "category", record)
    if category not in categories:
        reader.fail(f"unknown category {category!r}", record=record, field="category")
    if shape.group(1) != category:
        reader.fail(f"id prefix must be its category {category!r}", record=record, field="id")
    level = data.get("level")
    if level not in {member.value for member in RequirementLevel}:
        reader.fail(f"expected 'must' or 'should', got {level!r}", record=record, field="level")
    return Criterion(
        id=criterion_id,
        category=category,
        level=RequirementLevel(str(level)),
        entity_types=_applies_to(reader, data.get("applies_to"), record, groups),
        requirement=reader.text(data, "requirement", record),
        guidance=reader.text(data, "guidance", record),
    )


def parse_catalogue(data: object, *, source: str) -> Catalogue:
    """Builds a catalogue from parsed YAML, refusing it at the first problem with file, record and field."""
    reader = _Reader(source)
    top = reader.mapping(data, "catalogue", _TOP_FIELDS)
    version = _version(reader, top)
    effective = _effective_date(reader, top)
    groups = _groups(reader, top.get("groups"))
    areas = _focus_areas(reader, top)
    categories = _categories(reader, top, areas)
    category_ids = {category.id for category in categories}
    criteria: list[Criterion] = []
    for index, raw in enumerate(reader.items(top, "criteria")):
        criterion = _criterion(reader, raw, index, category_ids, groups)
        if any(existing.id == criterion.id for existing in criteria):
            reader.fail("duplicate criterion id", record=f"criterion {criterion.id}", field="id")
        criteria.append(criterion)
    for category in categories:
        if not any(criterion.category == category.id for criterion in criteria):
            reader.fail("has no criteria", record=f"category {category.id}")
    return Catalogue(version, effective, tuple(areas), tuple(categories), tuple(criteria))


def _parse_text(text: str, name: str) -> Catalogue:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise CatalogueInvalid(name, f"is not valid YAML: {error}") from error
    catalogue = parse_catalogue(data, source=name)
    # The version inside must match the file name so that a profile's stored version always finds its file.
    if name.endswith(".yaml") and name.removesuffix(".yaml") != catalogue.version:
        raise CatalogueInvalid(name, f"declares version {catalogue.version} but the file name says otherwise")
    return catalogue


def load_catalogue_file(path: Path) -> Catalogue:
    """Reads and checks one catalogue file, for reviewing a draft version before it is published."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogueInvalid(path.name, f"cannot be read: {error}") from error
    return _parse_text(text, path.name)


def _packaged_files() -> dict[str, Traversable]:
    folder = resources.files("greenlane.criteria") / "catalogues"
    files = {e.name.removesuffix(".yaml"): e for e in folder.iterdir() if e.name.endswith(".yaml")}
    return {version: entry for version, entry in files.items() if VERSION_PATTERN.match(version)}


def _version_key(version: str) -> tuple[int, int]:
    match = VERSION_PATTERN.match(version)
    if match is None:
        raise ValueError(f"not a catalogue version: {version!r}")
    return int(match.group(1)), int(match.group(2))


def list_versions() -> list[str]:
    """Published versions, oldest first."""
    return sorted(_packaged_files(), key=_version_key)


@cache
def load_catalogue(version: str) -> Catalogue:
    """The published catalogue of that version; cached because catalogues never change once published."""
    files = _packaged_files()
    if version not in files:
        known = ", ".join(list_versions()) or "none"
        raise NotFound(f"no criteria catalogue version {version!r}; published versions: {known}")
    entry = files[version]
    return _parse_text(entry.read_text(encoding="utf-8"), entry.name)


def latest_version() -> str:
    versions = list_versions()
    if not versions:
        raise NotFound("no criteria catalogue is published")
    return versions[-1]


def latest_catalogue() -> Catalogue:
    """The newest published catalogue: new profiles start on it, older ones move to it by migration."""
    return load_catalogue(latest_version())
