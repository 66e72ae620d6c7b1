"""Selectivity criteria written as data, in the spirit of ASYCUDA: each rule is a set of conditions over
declaration fields (parties, countries, HS code prefixes, values) and named lists, with either a weight
added to the risk score or a forced lane, and a reason an officer can read. Rule files are YAML, carry a
name and a version, and are checked as a whole when loaded: any error names the file, the rule and the
field, so a targeting team can change criteria without a programmer and without a silent typo."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from greenlane.core.errors import ValidationFailed
from greenlane.risk.lanes import Lane
from greenlane.risk.rulebook import NUMBER_FIELDS, TEXT_FIELDS, Condition, Rule, RuleHits, RuleSet

__all__ = [
    "Condition",
    "Rule",
    "RuleError",
    "RuleHits",
    "RuleSet",
    "example_ruleset",
    "load_ruleset",
    "parse_ruleset",
]

_LIST_OPS = ("in", "not_in", "prefix_in")
_NUMBER_OPS = ("at_least", "at_most", "greater_than", "less_than")
_OPS = ("equals", "not_equals", *_LIST_OPS, *_NUMBER_OPS, "differs_from", "missing")


class RuleError(ValidationFailed):
    """A rule file problem, located by file, rule id and field."""

    def __init__(
        self, source: str, message: str, *, rule: str | None = None, field: str | None = None
    ) -> None:
        where = ", ".join(
            p for p in (source, f"rule {rule}" if rule else "", f"field {field}" if field else "") if p
        )
        super().__init__(f"{where}: {message}")
        self.field, self.record, self.source = field, rule, source


def load_ruleset(path: str | Path) -> RuleSet:
    file = Path(path)
    if not file.is_file():
        raise RuleError(str(file), "rule file not found")
    try:
        data = yaml.safe_load(file.read_text())
    except yaml.YAMLError as exc:
        raise RuleError(str(file), f"not valid YAML ({str(exc).splitlines()[0]})") from None
    return parse_ruleset(data, source=str(file))


def example_ruleset() -> RuleSet:
    """The criteria shipped with greenlane as a starting point (src/greenlane/risk/rulesets/example.yaml)."""
    text = resources.files("greenlane.risk").joinpath("rulesets/example.yaml").read_text()
    return parse_ruleset(yaml.safe_load(text), source="rulesets/example.yaml")


def parse_ruleset(data: Any, *, source: str = "rules") -> RuleSet:
    if not isinstance(data, Mapping):
        raise RuleError(source, "a rule file is a mapping with ruleset, version and rules")
    unknown = set(data) - {"ruleset", "version", "description", "lists", "rules"}
    if unknown:
        raise RuleError(source, f"unknown top-level key {sorted(unknown)[0]!r}")
    name, version = data.get("ruleset"), data.get("version")
    if not isinstance(name, str) or not name:
        raise RuleError(source, "ruleset must be a non-empty name")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise RuleError(source, "version must be a positive whole number")
    lists = _lists(data.get("lists") or {}, source)
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise RuleError(source, "rules must be a non-empty list")
    rules: list[Rule] = []
    for position, raw in enumerate(raw_rules, start=1):
        rule = _rule(raw, position, lists, source)
        if any(r.id == rule.id for r in rules):
            raise RuleError(source, "duplicate rule id", rule=rule.id)
        rules.append(rule)
    return RuleSet(name, version, tuple(rules), str(data.get("description") or ""), source)


def _lists(raw: Any, source: str) -> dict[str, list[str]]:
    if not isinstance(raw, Mapping):
        raise RuleError(source, "lists must map a name to a list of values")
    result = {}
    for name, values in raw.items():
        if not isinstance(values, list) or not all(isinstance(v, str | int | float) for v in values):
            raise RuleError(source, f"list {name!r} must be a list of plain values")
        result[str(name)] = [str(v) for v in values]
    return result


def _rule(raw: Any, position: int, lists: Mapping[str, list[str]], source: str) -> Rule:
    if not isinstance(raw, Mapping):
        raise RuleError(source, f"rule number {position} is not a mapping")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise RuleError(source, f"rule number {position} has no id")
    unknown = set(raw) - {"id", "reason", "weight", "lane", "when"}
    if unknown:
        raise RuleError(source, f"unknown key {sorted(unknown)[0]!r}", rule=rule_id)
    reason = raw.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise RuleError(source, "a rule needs a reason an officer can read", rule=rule_id)
    weight, lane = raw.get("weight"), raw.get("lane")
    if (weight is None) == (lane is None):
        raise RuleError(source, "give exactly one of weight and lane", rule=rule_id)
    if weight is not None and (
        not isinstance(weight, int | float) or isinstance(weight, bool) or abs(weight) > 1
    ):
        raise RuleError(source, "weight must be a number between -1 and 1", rule=rule_id)
    if lane is not None and lane not in {v.value for v in Lane}:
        raise RuleError(source, f"lane must be one of red, yellow, blue, green, not {lane!r}", rule=rule_id)
    when = raw.get("when")
    if not isinstance(when, list) or not when:
        raise RuleError(source, "when must be a non-empty list of conditions", rule=rule_id)
    conditions = tuple(_condition(c, rule_id, lists, source) for c in when)
    return Rule(
        rule_id,
        reason.strip(),
        conditions,
        None if weight is None else float(weight),
        None if lane is None else Lane(lane),
    )


def _condition(raw: Any, rule_id: str, lists: Mapping[str, list[str]], source: str) -> Condition:
    if not isinstance(raw, Mapping) or "field" not in raw:
        raise RuleError(source, "each condition is a mapping with a field", rule=rule_id)
    field = raw["field"]
    if field not in TEXT_FIELDS | NUMBER_FIELDS:
        raise RuleError(
            source,
            "unknown field (see greenlane.risk.features for the shipment columns)",
            rule=rule_id,
            field=str(field),
        )
    ops = [k for k in raw if k != "field"]
    if len(ops) != 1 or ops[0] not in _OPS:
        raise RuleError(
            source, f"give exactly one operator among {', '.join(_OPS)}", rule=rule_id, field=field
        )
    op, value = ops[0], raw[ops[0]]
    return Condition(field, op, _operand(op, value, field, rule_id, lists, source))


def _operand(
    op: str, value: Any, field: str, rule_id: str, lists: Mapping[str, list[str]], source: str
) -> Any:
    def bad(message: str) -> RuleError:
        return RuleError(source, f"{op}: {message}", rule=rule_id, field=field)

    if op in _LIST_OPS:
        return _list_operand(value, lists, bad)
    if op == "differs_from":
        if value not in TEXT_FIELDS:
            raise bad("expects another text field")
        return value
    if op == "missing":
        if not isinstance(value, bool):
            raise bad("expects true or false")
        return value
    if op in _NUMBER_OPS or field in NUMBER_FIELDS:
        if field not in NUMBER_FIELDS or not _is_number(value):
            raise bad("compares a number field with a number")
        return float(value)
    if isinstance(value, list | dict) or value is None:
        raise bad("expects a single value")
    return str(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _list_operand(
    value: Any, lists: Mapping[str, list[str]], bad: Callable[[str], RuleError]
) -> tuple[str, ...]:
    if isinstance(value, str):
        if value not in lists:
            raise bad(f"unknown list {value!r}")
        return tuple(lists[value])
    if not isinstance(value, list) or not value:
        raise bad("expects a list name or a non-empty list")
    return tuple(str(v) for v in value)
