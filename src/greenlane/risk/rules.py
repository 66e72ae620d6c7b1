"""Selectivity criteria written as data, in the spirit of ASYCUDA: each rule is a set of conditions over
declaration fields (parties, countries, HS code prefixes, values) and named lists, with either a weight
added to the risk score or a forced lane, and a reason an officer can read. Rule files are YAML, carry a
name and a version, and are checked as a whole when loaded: any error names the file, the rule and the
field, so a targeting team can change criteria without a programmer and without a silent typo."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl
import yaml

from greenlane.core.errors import ValidationFailed
from greenlane.risk.features import (
    OPTIONAL_NUMBER_COLUMNS,
    OPTIONAL_TEXT_COLUMNS,
    REQUIRED_COLUMNS,
    prepare_shipments,
)
from greenlane.risk.lanes import Lane

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

NUMBER_FIELDS = frozenset({"net_mass_kg", "value", "unit_value", *OPTIONAL_NUMBER_COLUMNS})
TEXT_FIELDS = frozenset({*REQUIRED_COLUMNS, *OPTIONAL_TEXT_COLUMNS} - NUMBER_FIELDS - {"date"})
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


@dataclass(frozen=True)
class Condition:
    field: str
    op: str
    value: Any

    def expression(self) -> pl.Expr:
        """True where the condition holds; an unknown (null) field satisfies no operator but `missing`."""
        column = pl.col("unit_value" if self.field == "unit_value" else self.field)
        if self.op == "missing":
            return column.is_null() if self.value else column.is_not_null()
        text = column.cast(pl.String) if self.field in TEXT_FIELDS else column
        expr: pl.Expr
        if self.op == "equals":
            expr = text == self.value
        elif self.op == "not_equals":
            expr = text != self.value
        elif self.op == "in":
            expr = text.is_in(list(self.value))
        elif self.op == "not_in":
            expr = ~text.is_in(list(self.value))
        elif self.op == "prefix_in":
            expr = pl.any_horizontal([text.str.starts_with(str(p)) for p in self.value])
        elif self.op == "differs_from":
            expr = text != pl.col(str(self.value)).cast(pl.String)
        else:
            expr = {
                "at_least": column >= self.value,
                "at_most": column <= self.value,
                "greater_than": column > self.value,
                "less_than": column < self.value,
            }[self.op]
        return expr.fill_null(False)


@dataclass(frozen=True)
class Rule:
    """All conditions must hold. Exactly one of `weight` (added to the score) and `lane` (forced) is set."""

    id: str
    reason: str
    conditions: tuple[Condition, ...]
    weight: float | None = None
    lane: Lane | None = None

    def expression(self) -> pl.Expr:
        return pl.all_horizontal([c.expression() for c in self.conditions]).alias(self.id)


@dataclass(frozen=True)
class RuleHits:
    """Which rules fired on which shipment (`matrix[i, r]`), the summed weights, and per shipment the forced
    lane and rule (the most severe lane wins, then the earlier rule in the file). Kept as arrays so that a
    million shipments cost a few vector operations, not a million Python lists."""

    matrix: npt.NDArray[np.bool_]
    rules: tuple[Rule, ...]
    weight: npt.NDArray[np.float64]
    forced_lane: npt.NDArray[np.object_]  # Lane or None per shipment
    forced_rule: npt.NDArray[np.object_]  # rule id or None per shipment

    @property
    def forced(self) -> list[tuple[Lane, str] | None]:
        return [
            None if lane is None else (lane, str(rule))
            for lane, rule in zip(self.forced_lane, self.forced_rule, strict=True)
        ]

    def fired(self, row: int) -> list[tuple[str, str]]:
        """The (rule id, reason) of every rule that fired on one shipment, in file order."""
        return [(self.rules[r].id, self.rules[r].reason) for r in np.flatnonzero(self.matrix[row])]

    def fired_ids(self) -> pl.Series:
        """Rule ids per shipment as a list column, built from the (shipment, rule) pairs that fired."""
        rows, rules = np.nonzero(self.matrix)
        ids = np.array([rule.id for rule in self.rules], dtype=object)
        pairs = pl.DataFrame(
            {
                "_row": rows.astype(np.uint32),
                "_rule": rules.astype(np.uint32),
                "id": pl.Series(ids[rules] if len(rules) else [], dtype=pl.String),
            }
        )
        lists = (
            pairs.sort("_row", "_rule")
            .group_by("_row", maintain_order=True)
            .agg(pl.col("id").alias("rules_fired"))
        )
        every = pl.DataFrame({"_row": np.arange(self.matrix.shape[0], dtype=np.uint32)})
        joined = every.join(lists, on="_row", how="left", maintain_order="left")
        return joined.select(pl.col("rules_fired").fill_null(pl.lit([], dtype=pl.List(pl.String))))[
            "rules_fired"
        ]


@dataclass(frozen=True)
class RuleSet:
    name: str
    version: int
    rules: tuple[Rule, ...]
    description: str = ""
    source: str = ""

    def evaluate(self, shipments: pl.DataFrame) -> RuleHits:
        """Which rules fire on each shipment (a frame with the columns of greenlane.risk.features)."""
        frame = prepare_shipments(shipments).with_columns(
            pl.when(pl.col("net_mass_kg") > 0)
            .then(pl.col("value") / pl.col("net_mass_kg"))
            .alias("unit_value")
        )
        n = frame.height
        if not self.rules:
            empty = np.full(n, None, dtype=object)
            return RuleHits(np.zeros((n, 0), bool), (), np.zeros(n), empty, empty.copy())
        hits = frame.select([rule.expression() for rule in self.rules]).to_numpy().astype(bool)
        weights = np.array([rule.weight or 0.0 for rule in self.rules])
        severity = np.full(n, -1)
        lane = np.full(n, None, dtype=object)
        rule_id = np.full(n, None, dtype=object)
        for r, rule in enumerate(self.rules):
            if rule.lane is None:
                continue
            wins = hits[:, r] & (rule.lane.severity > severity)
            severity[wins], lane[wins], rule_id[wins] = rule.lane.severity, rule.lane, rule.id
        return RuleHits(hits, self.rules, hits.astype(np.float64) @ weights, lane, rule_id)


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
