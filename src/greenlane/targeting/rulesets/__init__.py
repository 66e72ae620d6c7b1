"""The selectivity criteria greenlane ships for manifest filings, as data; a targeting team copies and adapts
them (greenlane targeting run --rules FILE)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from greenlane.risk.rules import RuleSet, parse_ruleset

__all__ = ["default_ruleset"]


@cache
def default_ruleset() -> RuleSet:
    """Read once per process: the shipped file does not change while greenlane runs."""
    import yaml

    text = (resources.files("greenlane.targeting.rulesets") / "manifests.yaml").read_text(encoding="utf-8")
    return parse_ruleset(yaml.safe_load(text), source="greenlane.targeting/rulesets/manifests.yaml")
