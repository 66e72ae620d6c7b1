"""A selectivity rule set in memory: conditions over shipment fields, rules that add a weight or force a lane,
and which of them fire on a batch of shipments. Evaluation is vectorised (one polars expression per rule), so
a rule set costs a few column operations on a million shipments. Rule files are read and checked by
greenlane.risk.rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from greenlane.risk.features import (
    OPTIONAL_NUMBER_COLUMNS,
    OPTIONAL_TEXT_COLUMNS,
    REQUIRED_COLUMNS,
    prepare_shipments,
)
from greenlane.risk.lanes import Lane

__all__ = ["NUMBER_FIELDS", "TEXT_FIELDS", "Condition", "Rule", "RuleHits", "RuleSet"]

# Up to this many rules, each shipment's set of fired rules packs into one integer; up to the smaller
# figure the distinct sets are found through a table indexed by that integer instead of a sort.
_MAX_PACKED_RULES, _MAX_TABLED_RULES = 62, 20


def _combinations(packed: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint32]]:
    """The distinct values of `packed`, ascending, and the position of each element's value among them."""
    if len(packed) and int(packed.max()) < 1 << _MAX_TABLED_RULES:
        present = np.zeros(int(packed.max()) + 1, dtype=bool)
        present[packed] = True
        combos = np.flatnonzero(present)
        lookup = np.zeros(len(present), dtype=np.uint32)
        lookup[combos] = np.arange(len(combos), dtype=np.uint32)
        return combos.astype(np.int64), lookup[packed]
    combos, position = np.unique(packed, return_inverse=True)
    return combos, position.astype(np.uint32)


NUMBER_FIELDS = frozenset({"net_mass_kg", "value", "unit_value", *OPTIONAL_NUMBER_COLUMNS})
TEXT_FIELDS = frozenset({*REQUIRED_COLUMNS, *OPTIONAL_TEXT_COLUMNS} - NUMBER_FIELDS - {"date"})


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
    million shipments cost a few vector operations, not a million Python lists. `forced_index` is the
    position in `rules` of the rule that forced each shipment's lane, -1 where none did."""

    matrix: npt.NDArray[np.bool_]
    rules: tuple[Rule, ...]
    weight: npt.NDArray[np.float64]
    forced_lane: npt.NDArray[np.object_]  # Lane or None per shipment
    forced_rule: npt.NDArray[np.object_]  # rule id or None per shipment
    forced_index: npt.NDArray[np.intp] | None = None

    @property
    def forced(self) -> list[tuple[Lane, str] | None]:
        return [
            None if lane is None else (lane, str(rule))
            for lane, rule in zip(self.forced_lane, self.forced_rule, strict=True)
        ]

    def forcing_rule(self) -> npt.NDArray[np.intp]:
        """Position in `rules` of each shipment's forcing rule, -1 where no rule forced a lane."""
        if self.forced_index is not None:
            return self.forced_index
        position = {rule.id: r for r, rule in enumerate(self.rules)}
        return np.array([-1 if rule is None else position[rule] for rule in self.forced_rule], dtype=np.intp)

    def fired(self, row: int) -> list[tuple[str, str]]:
        """The (rule id, reason) of every rule that fired on one shipment, in file order."""
        return [(self.rules[r].id, self.rules[r].reason) for r in np.flatnonzero(self.matrix[row])]

    def fired_ids(self) -> pl.Series:
        """Rule ids per shipment as a list column. Shipments share few distinct combinations of rules, so
        each combination's list is built once and the column gathered from them."""
        count = self.matrix.shape[1]
        if count > _MAX_PACKED_RULES:
            return self._fired_ids_by_pairs()
        combos, position = _combinations(self.matrix.astype(np.int64) @ (np.int64(1) << np.arange(count)))
        ids = [rule.id for rule in self.rules]
        lists = [[ids[r] for r in range(count) if combo >> r & 1] for combo in combos.tolist()]
        return pl.Series("rules_fired", lists, dtype=pl.List(pl.String)).gather(position)

    def _fired_ids_by_pairs(self) -> pl.Series:
        """The same list column from the (shipment, rule) pairs that fired, for very large rule sets."""
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
        joined = every.join(lists, on="_row", how="left").sort("_row")
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
        return self.evaluate_prepared(prepare_shipments(shipments))

    def evaluate_prepared(self, frame: pl.DataFrame) -> RuleHits:
        """evaluate() on a frame that already went through prepare_shipments (not checked again)."""
        n = frame.height
        if not self.rules:
            empty = np.full(n, None, dtype=object)
            return RuleHits(np.zeros((n, 0), bool), (), np.zeros(n), empty, empty.copy(), np.full(n, -1))
        unit_value = pl.when(pl.col("net_mass_kg") > 0).then(pl.col("value") / pl.col("net_mass_kg"))
        hits = (
            frame.with_columns(unit_value.alias("unit_value"))
            .select([rule.expression() for rule in self.rules])
            .to_numpy()
            .astype(bool)
        )
        weights = np.array([rule.weight or 0.0 for rule in self.rules])
        severity = np.full(n, -1)
        winner = np.full(n, -1, dtype=np.intp)
        for r, rule in enumerate(self.rules):
            if rule.lane is None:
                continue
            wins = hits[:, r] & (rule.lane.severity > severity)
            severity[wins], winner[wins] = rule.lane.severity, r
        # The last position holds None, so the -1 of a shipment no rule forced picks it.
        lanes = np.array([*(rule.lane for rule in self.rules), None], dtype=object)
        rule_ids = np.array([*(rule.id for rule in self.rules), None], dtype=object)
        return RuleHits(
            hits, self.rules, hits.astype(np.float64) @ weights, lanes[winner], rule_ids[winner], winner
        )
