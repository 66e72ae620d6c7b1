from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

from greenlane.risk.lanes import Lane
from greenlane.risk.rules import RuleError, example_ruleset, load_ruleset, parse_ruleset
from tests.unit.risk.builders import make_shipment


def _ruleset(*rules: dict[str, Any], lists: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"ruleset": "test", "version": 2, "lists": lists or {}, "rules": list(rules)}


def _rule(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "R1",
        "reason": "a reason",
        "weight": 0.1,
        "when": [{"field": "origin_country", "equals": "CN"}],
    }
    return {**base, **overrides}


def test_the_shipped_example_rules_load_and_are_versioned() -> None:
    rules = example_ruleset()
    assert rules.name == "greenlane-example"
    assert rules.version >= 1
    assert any(rule.lane == Lane.RED for rule in rules.rules)


def test_a_forced_lane_rule_and_weighted_rules_fire_on_the_right_shipments() -> None:
    rules = parse_ruleset(
        _ruleset(
            _rule(id="ARMS", weight=None, lane="red", when=[{"field": "hs6", "prefix_in": "arms"}]),
            _rule(id="DOCS", weight=None, lane="yellow", when=[{"field": "hs6", "prefix_in": ["93", "28"]}]),
            _rule(
                id="ROUTE",
                weight=0.05,
                when=[{"field": "departure_country", "differs_from": "origin_country"}],
            ),
            _rule(
                id="CHEAP",
                weight=0.2,
                when=[{"field": "hs6", "prefix_in": ["71"]}, {"field": "unit_value", "less_than": 1000}],
            ),
            _rule(id="NOSELLER", weight=0.02, when=[{"field": "seller_id", "missing": True}]),
            lists={"arms": ["93"]},
        )
    )
    frame = pl.DataFrame(
        [
            make_shipment(hs6="930200", departure_country="CN", origin_country="CN"),
            make_shipment(
                hs6="710812", net_mass_kg=2.0, value=500.0, departure_country="SG", origin_country="CN"
            ),
            make_shipment(hs6="710812", net_mass_kg=2.0, value=50_000.0, seller_id=None),
        ]
    )
    hits = rules.evaluate(frame)
    assert hits.forced == [(Lane.RED, "ARMS"), None, None]  # red beats yellow for the same shipment
    assert hits.weight.tolist() == pytest.approx([0.0, 0.25, 0.02])
    assert [rid for rid, _ in hits.fired(0)] == ["ARMS", "DOCS"]
    assert hits.fired(1)[0] == ("ROUTE", "a reason")
    assert hits.fired_ids().to_list() == [["ARMS", "DOCS"], ["ROUTE", "CHEAP"], ["NOSELLER"]]


def test_an_unknown_field_is_never_satisfied_except_by_missing() -> None:
    rules = parse_ruleset(_ruleset(_rule(when=[{"field": "seller_id", "equals": "X"}])))
    assert rules.evaluate(pl.DataFrame([make_shipment(seller_id=None)])).weight.tolist() == [0.0]


@pytest.mark.parametrize(
    ("rule", "message", "field"),
    [
        (
            _rule(when=[{"field": "colour", "equals": "red"}]),
            "rule R1, field colour: unknown field",
            "colour",
        ),
        (_rule(when=[{"field": "hs6", "starts": "93"}]), "give exactly one operator", "hs6"),
        (_rule(when=[{"field": "hs6", "prefix_in": "nolist"}]), "unknown list 'nolist'", "hs6"),
        (_rule(when=[{"field": "value", "at_least": "many"}]), "compares a number field", "value"),
        (_rule(when=[{"field": "hs6", "at_least": 5}]), "compares a number field", "hs6"),
        (_rule(lane="red"), "exactly one of weight and lane", None),
        (_rule(weight=3), "between -1 and 1", None),
        (_rule(weight=None, lane="purple"), "lane must be one of", None),
        (_rule(reason=" "), "reason an officer can read", None),
        (_rule(when=[]), "non-empty list of conditions", None),
        (_rule(colour="red"), "unknown key 'colour'", None),
    ],
)
def test_a_bad_rule_is_refused_naming_file_rule_and_field(
    rule: dict[str, Any], message: str, field: str | None
) -> None:
    with pytest.raises(RuleError, match=message) as caught:
        parse_ruleset(_ruleset(rule), source="criteria.yaml")
    assert str(caught.value).startswith("criteria.yaml, rule R1")
    assert caught.value.field == field
    assert caught.value.record == "R1"


def test_duplicate_rule_ids_are_refused() -> None:
    with pytest.raises(RuleError, match="rule R1: duplicate rule id"):
        parse_ruleset(_ruleset(_rule(), _rule()))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"ruleset": "x", "version": "one", "rules": [_rule()]}, "version must be a positive whole number"),
        ({"version": 1, "rules": [_rule()]}, "ruleset must be a non-empty name"),
        ({"ruleset": "x", "version": 1, "rules": []}, "rules must be a non-empty list"),
        ({"ruleset": "x", "version": 1, "rules": [_rule()], "extra": 1}, "unknown top-level key 'extra'"),
        (["not", "a", "mapping"], "a rule file is a mapping"),
    ],
)
def test_a_malformed_rule_file_is_refused(data: Any, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        parse_ruleset(data, source="criteria.yaml")


def test_rule_files_are_read_from_yaml_and_errors_name_the_file(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(
        "ruleset: mine\nversion: 3\nrules:\n  - {id: A, reason: r, lane: red, "
        "when: [{field: origin_country, in: [KP]}]}\n"
    )
    assert load_ruleset(good).version == 3
    broken = tmp_path / "broken.yaml"
    broken.write_text("ruleset: [unclosed\n")
    with pytest.raises(RuleError, match=r"broken\.yaml: not valid YAML"):
        load_ruleset(broken)
    with pytest.raises(RuleError, match="rule file not found"):
        load_ruleset(tmp_path / "absent.yaml")
