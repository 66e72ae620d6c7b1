"""The risk engine: scores shipments for targeting (a gradient-boosted model on exam outcomes, selectivity
rules written as data, and a bounded trust offset for members), fills the inspection lanes of a port-day,
watches for drift, and measures targeting quality on the public customs-declarations benchmark. A library
with no web or database code: data in, values out, so the targeting area, the simulation and outside
projects can all use it."""

from greenlane.risk.artifact import load_estimator, save_estimator
from greenlane.risk.baselines import METHODS
from greenlane.risk.drift import DriftReference, DriftReport, check_drift, population_stability
from greenlane.risk.drift_injection import DriftInjection
from greenlane.risk.estimator import RiskEstimator
from greenlane.risk.evaluation import StaticReport, evaluate_static
from greenlane.risk.features import (
    LABEL_COLUMNS,
    OPTIONAL_NUMBER_COLUMNS,
    OPTIONAL_TEXT_COLUMNS,
    REQUIRED_COLUMNS,
    ShipmentFeatures,
    prepare_shipments,
)
from greenlane.risk.history import DEFAULT_HISTORY_KEYS, HistoryKey, history_features, take_snapshot
from greenlane.risk.kcs import KCS_COLUMNS, load_kcs, parse_kcs
from greenlane.risk.lanes import Lane, LaneAssignment, LanePlan, assign_lanes
from greenlane.risk.metrics import DEFAULT_RATES, cap_metrics, inspected_count, ranking_metrics
from greenlane.risk.online import OnlineReport, evaluate_online
from greenlane.risk.policies import POLICIES, Policy
from greenlane.risk.reasons import Reason
from greenlane.risk.rules import Rule, RuleError, RuleSet, example_ruleset, load_ruleset, parse_ruleset
from greenlane.risk.scoring import TRUST_COLUMNS, assign_lanes_by_port_day, score_shipments
from greenlane.risk.trust import TrustOffset, TrustPolicy

__all__ = [
    "DEFAULT_HISTORY_KEYS",
    "DEFAULT_RATES",
    "KCS_COLUMNS",
    "LABEL_COLUMNS",
    "METHODS",
    "OPTIONAL_NUMBER_COLUMNS",
    "OPTIONAL_TEXT_COLUMNS",
    "POLICIES",
    "REQUIRED_COLUMNS",
    "TRUST_COLUMNS",
    "DriftInjection",
    "DriftReference",
    "DriftReport",
    "HistoryKey",
    "Lane",
    "LaneAssignment",
    "LanePlan",
    "OnlineReport",
    "Policy",
    "Reason",
    "RiskEstimator",
    "Rule",
    "RuleError",
    "RuleSet",
    "ShipmentFeatures",
    "StaticReport",
    "TrustOffset",
    "TrustPolicy",
    "assign_lanes",
    "assign_lanes_by_port_day",
    "cap_metrics",
    "check_drift",
    "evaluate_online",
    "evaluate_static",
    "example_ruleset",
    "history_features",
    "inspected_count",
    "load_estimator",
    "load_kcs",
    "load_ruleset",
    "parse_kcs",
    "parse_ruleset",
    "population_stability",
    "prepare_shipments",
    "ranking_metrics",
    "save_estimator",
    "score_shipments",
    "take_snapshot",
]
