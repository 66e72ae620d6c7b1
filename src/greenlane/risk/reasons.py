"""Why a declaration was flagged, in an officer's words. The model's per-feature contributions (LightGBM's
pred_contrib: additive in log-odds, summing with the base value to the row's margin) are ranked, and the
features that raised the risk most become sentences built from the declaration itself, such as "unit value
4.1x below the norm for HS 847130 from CN". Only the rows asked for are explained, because each costs a
walk of every tree."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from greenlane.risk.history import DEFAULT_HISTORY_KEYS, HistoryKey

__all__ = ["Reason", "explain_matrix", "feature_sentence"]

_WORDS = {
    "office_id": "customs office",
    "process_type": "process type",
    "import_type": "import type",
    "import_use": "import use",
    "payment_type": "payment type",
    "transport_mode": "mode of transport",
    "tax_type": "tax type",
    "origin_indicator": "origin indicator",
    "origin_country": "country of origin",
    "departure_country": "country of departure",
}
_NORM_WORDS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "hs6_origin": lambda r: f"HS {r['hs6']} from {r['origin_country']}",
    "hs6": lambda r: f"HS {r['hs6']}",
    "hs4": lambda r: f"HS heading {str(r['hs6'])[:4]}",
}


@dataclass(frozen=True)
class Reason:
    """One feature's push on the risk (log-odds) and its sentence."""

    feature: str
    contribution: float
    text: str


def explain_matrix(
    contributions: npt.NDArray[np.float64],
    matrix: npt.NDArray[np.float64],
    feature_names: Sequence[str],
    context: pl.DataFrame,
    *,
    top: int = 3,
    keys: Sequence[HistoryKey] = DEFAULT_HISTORY_KEYS,
) -> list[list[Reason]]:
    """The `top` features that raised each row's risk most; rows whose features all lowered it get none.
    Groupings that say the same thing (an identical goods line is also the same mass and value) are told
    once, by the most specific one."""
    labels = {key.name: key.label for key in keys}
    explained = []
    for i, row in enumerate(context.to_dicts()):
        push = contributions[i, : len(feature_names)]
        values = dict(zip(feature_names, matrix[i], strict=True))
        reasons: list[Reason] = []
        told: set[tuple[str, float]] = set()
        for j in np.argsort(-push, kind="stable"):
            if push[j] <= 0 or len(reasons) == top:
                break
            name = feature_names[j]
            echo = _echo(name, values)
            if echo in told:
                continue
            told.add(echo)
            reasons.append(Reason(name, float(push[j]), feature_sentence(name, values, row, labels)))
        explained.append(reasons)
    return explained


def _echo(feature: str, values: Mapping[str, float]) -> tuple[str, float]:
    """History figures equal to one already told (same rate or count over as many declarations) would
    repeat it."""
    for stat in ("_fraud_rate", "_critical"):
        if feature.startswith("hist_") and feature.endswith(stat):
            seen = values.get(feature.removesuffix(stat) + "_seen", 0.0)
            return (f"{stat}/{seen:g}", round(float(values[feature]), 4))
    return (feature, 0.0)


def feature_sentence(
    feature: str, values: Mapping[str, float], row: Mapping[str, Any], labels: Mapping[str, str]
) -> str:
    """Words for one feature of one declaration; `values` are the model inputs, `row` the declaration."""
    value = values[feature]
    known = not math.isnan(value)
    if feature.startswith("uv_dev_"):
        return _unit_value_sentence(feature.removeprefix("uv_dev_"), value if known else None, row)
    if feature.startswith("hist_"):
        return _history_sentence(feature.removeprefix("hist_"), values, row, labels)
    if feature.startswith("cat_"):
        column = feature.removeprefix("cat_")
        return f"{_WORDS.get(column, column)} {row.get(column)}" + ("" if known else " (rarely seen)")
    return _goods_sentence(feature, row)


def _unit_value_sentence(level: str, deviation: float | None, row: Mapping[str, Any]) -> str:
    where = _NORM_WORDS[level](row) if level in _NORM_WORDS else level
    if deviation is None:
        return f"no unit value norm for {where} (new or rare goods and origin)"
    factor = math.exp(abs(deviation))
    if factor < 1.05:
        return f"unit value in line with the norm for {where}"
    return f"unit value {factor:.1f}x {'below' if deviation < 0 else 'above'} the norm for {where}"


def _history_sentence(
    rest: str, values: Mapping[str, float], row: Mapping[str, Any], labels: Mapping[str, str]
) -> str:
    for stat in ("fraud_rate", "seen", "critical"):
        if not rest.endswith("_" + stat):
            continue
        name = rest.removesuffix("_" + stat)
        label = labels.get(name, name.replace("_", " "))
        value = values[f"hist_{rest}"]
        seen = int(values.get(f"hist_{name}_seen", 0.0))
        if stat == "fraud_rate":
            examined = int(row.get(f"hist_{name}_examined") or 0)
            frauds = int(row.get(f"hist_{name}_frauds") or 0)
            if examined == 0:
                return f"{label}: no earlier examination on record"
            return f"{label}: fraud found in {frauds} of {examined} earlier examination{_s(examined)}"
        if stat == "seen":
            return f"{label} never seen before" if seen == 0 else f"{label} seen {seen} time{_s(seen)} before"
        count = int(value)
        return f"{label}: {count} earlier critical fraud{_s(count)}"
    return rest.replace("_", " ")


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def _goods_sentence(feature: str, row: Mapping[str, Any]) -> str:
    hs6 = str(row.get("hs6", ""))
    mass, value, tax = row.get("net_mass_kg") or 0.0, row.get("value") or 0.0, row.get("tax_rate")
    simple = {
        "hs2_code": f"goods in HS chapter {hs6[:2]}",
        "hs4_code": f"goods in HS heading {hs6[:4]}",
        "hs6_code": f"goods under HS {hs6}",
        "log_value": f"declared value {value:,.0f}",
        "log_mass": f"net mass {mass:,.1f} kg",
        "log_unit_value": f"unit value {value / mass:,.2f} per kg" if mass else "no net mass declared",
    }
    if feature in simple:
        return simple[feature]
    if feature in ("log_duty_proxy", "tax_rate"):
        if tax is None:
            return "tax rate not declared"
        return (
            f"duty at stake about {value * tax / 100:,.0f}"
            if feature == "log_duty_proxy"
            else f"tax rate {tax:g} %"
        )
    if feature == "origin_differs":
        origin, departure = row.get("origin_country"), row.get("departure_country")
        if departure is None:
            return "country of departure not declared"
        return (
            f"goods of {origin} origin shipped from {departure}"
            if origin != departure
            else f"shipped from {origin}"
        )
    return feature.replace("_", " ")
