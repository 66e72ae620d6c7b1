"""The published catalogue files and the checks every catalogue file must pass before it can be used."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from greenlane.core.errors import NotFound, ValidationFailed
from greenlane.core.types import EntityType
from greenlane.criteria.catalogue import (
    CatalogueInvalid,
    latest_catalogue,
    latest_version,
    list_versions,
    load_catalogue,
    load_catalogue_file,
)

CATEGORY_NAMES = {
    "security vision and responsibility",
    "risk assessment",
    "business partners",
    "cybersecurity",
    "conveyance and instruments of international traffic security",
    "seal security",
    "procedural security",
    "agricultural security",
    "physical access controls",
    "physical security",
    "personnel security",
    "education, training and awareness",
}


def test_version_2026_1_is_published_and_latest_is_the_newest_version() -> None:
    versions = list_versions()
    assert "2026.1" in versions
    assert latest_version() == versions[-1]
    assert latest_catalogue().version == versions[-1]


def test_the_catalogue_has_three_focus_areas_and_the_twelve_categories_each_in_one_area() -> None:
    catalogue = load_catalogue("2026.1")
    assert [area.name for area in catalogue.focus_areas] == [
        "Corporate security",
        "Transportation security",
        "People and physical security",
    ]
    assert {category.name.lower() for category in catalogue.categories} == CATEGORY_NAMES
    per_area = [[c for c in catalogue.categories if c.focus_area == a.id] for a in catalogue.focus_areas]
    assert [len(categories) for categories in per_area] == [4, 4, 4]


def test_every_category_holds_six_to_twelve_criteria_and_there_are_about_a_hundred() -> None:
    catalogue = load_catalogue("2026.1")
    for category in catalogue.categories:
        count = sum(1 for criterion in catalogue.criteria if criterion.category == category.id)
        assert 6 <= count <= 12, category.name
    assert 90 <= len(catalogue.criteria) <= 110


def test_every_criterion_has_a_one_sentence_requirement_and_some_guidance() -> None:
    for criterion in load_catalogue("2026.1").criteria:
        assert criterion.requirement.endswith("."), criterion.id
        assert criterion.requirement.count(". ") == 0, criterion.id
        assert len(criterion.guidance) > 20, criterion.id


def test_a_loaded_catalogue_cannot_be_changed() -> None:
    catalogue = load_catalogue("2026.1")
    with pytest.raises(dataclasses.FrozenInstanceError):
        catalogue.version = "tampered"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        catalogue.criteria[0].level = "should"  # type: ignore[misc,assignment]
    assert isinstance(catalogue.criteria, tuple)
    assert isinstance(catalogue.criteria[0].entity_types, frozenset)


def test_an_unknown_version_is_refused_naming_the_published_ones() -> None:
    with pytest.raises(NotFound, match=r"1999\.1.*2026\.1"):
        load_catalogue("1999.1")


def test_looking_up_a_criterion_the_version_does_not_define_names_it() -> None:
    with pytest.raises(ValidationFailed, match="ZZ-99") as raised:
        load_catalogue("2026.1").criterion("ZZ-99")
    assert raised.value.field == "criterion_id"


# --- checks on catalogue files -------------------------------------------------------------------------

VALID: dict[str, Any] = {
    "version": "2099.1",
    "effective_date": "2099-01-01",
    "groups": {"boats": ["sea_carrier"]},
    "focus_areas": [{"id": "F", "name": "Focus"}],
    "categories": [{"id": "AA", "name": "Alpha", "focus_area": "F"},
                   {"id": "BB", "name": "Bravo", "focus_area": "F"}],
    "criteria": [
        {"id": "AA-01", "category": "AA", "level": "must", "applies_to": ["all"], "requirement": "Do it.",
         "guidance": "Like this."},
        {"id": "BB-01", "category": "BB", "level": "should", "applies_to": ["boats", "customs_broker"],
         "requirement": "Do that.", "guidance": "Like that."},
    ],
}  # fmt: skip


Change = Callable[[dict[str, Any]], object]


def write(tmp_path: Path, data: object, name: str = "2099.1.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def variant(change: Change) -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    change(data)
    return data


def test_a_valid_file_loads_with_all_and_group_names_expanded(tmp_path: Path) -> None:
    catalogue = load_catalogue_file(write(tmp_path, VALID))
    assert catalogue.criterion("AA-01").entity_types == frozenset(EntityType)
    assert catalogue.criterion("BB-01").entity_types == {EntityType.SEA_CARRIER, EntityType.CUSTOMS_BROKER}


def set_criterion(index: int, **fields: object) -> Change:
    return lambda data: data["criteria"][index].update(fields)


def add_to(key: str, item: object) -> Change:
    return lambda data: data[key].append(item) if isinstance(data[key], list) else data[key].update(item)


BAD_FILES: list[tuple[str, Change, str, str | None, str]] = [
    ("duplicate id", add_to("criteria", VALID["criteria"][0]), "criterion AA-01", "id", "duplicate"),
    ("unknown category", set_criterion(1, category="CC", id="CC-01"), "criterion CC-01", "category",
     "unknown category 'CC'"),
    ("unknown entity type", set_criterion(0, applies_to=["spaceship"]), "criterion AA-01", "applies_to",
     "unknown entity type 'spaceship'"),
    ("bad level", set_criterion(0, level="could"), "criterion AA-01", "level", "'could'"),
    ("empty requirement", set_criterion(0, requirement="  "), "criterion AA-01", "requirement", "non-empty"),
    ("empty guidance", set_criterion(1, guidance=""), "criterion BB-01", "guidance", "non-empty"),
    ("missing requirement", lambda d: d["criteria"][0].pop("requirement"), "criterion AA-01", "requirement",
     "missing"),
    ("misspelt field", set_criterion(0, guidence="x"), "criteria[0]", None, "guidence"),
    ("no entity types", set_criterion(0, applies_to=[]), "criterion AA-01", "applies_to", "at least one"),
    ("id of another category", set_criterion(0, id="BB-09"), "criterion BB-09", "id", "prefix"),
    ("malformed id", set_criterion(0, id="first"), "criterion first", "id", "like 'BP-03'"),
    ("category in unknown focus area", lambda d: d["categories"][0].update(focus_area="X"), "category AA",
     "focus_area", "unknown focus area 'X'"),
    ("category without criteria", add_to("categories", {"id": "CC", "name": "C", "focus_area": "F"}),
     "category CC", None, "no criteria"),
    ("group with an entity type name", add_to("groups", {"importer": ["importer"]}), "group importer", None,
     "cannot reuse"),
    ("bad version", lambda d: d.update(version="next"), "", "version", "like '2026.1'"),
    ("bad date", lambda d: d.update(effective_date="soon"), "", "effective_date", "ISO date"),
    ("no criteria", lambda d: d.update(criteria=[]), "catalogue", "criteria", "non-empty list"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "record", "field", "words"), [case[1:] for case in BAD_FILES],
                         ids=[case[0] for case in BAD_FILES])  # fmt: skip
def test_a_bad_catalogue_file_is_refused_naming_file_record_and_field(
    tmp_path: Path, change: Change, record: str, field: str | None, words: str
) -> None:
    with pytest.raises(CatalogueInvalid) as raised:
        load_catalogue_file(write(tmp_path, variant(change)))
    message = str(raised.value)
    assert message.startswith("2099.1.yaml: ")
    assert record in message
    assert words in message
    assert raised.value.field == field
    if field:
        assert f"field {field!r}" in message
    assert isinstance(raised.value, ValidationFailed)


def test_a_file_whose_name_does_not_match_its_version_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogueInvalid, match=r"2098\.1\.yaml: declares version 2099\.1"):
        load_catalogue_file(write(tmp_path, VALID, name="2098.1.yaml"))


def test_a_file_that_is_not_yaml_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "2099.1.yaml"
    path.write_text("version: [unclosed\n", encoding="utf-8")
    with pytest.raises(CatalogueInvalid, match=r"^2099\.1\.yaml: is not valid YAML"):
        load_catalogue_file(path)


def test_a_missing_file_is_refused_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogueInvalid, match=r"^2099\.1\.yaml: cannot be read"):
        load_catalogue_file(tmp_path / "2099.1.yaml")


def test_the_published_file_passes_the_same_checks_as_a_draft() -> None:
    source = Path(__file__).parents[3] / "src/greenlane/criteria/catalogues/2026.1.yaml"
    assert load_catalogue_file(source) == load_catalogue("2026.1")
