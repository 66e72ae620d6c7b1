from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenlane.core.errors import ValidationFailed
from greenlane.core.types import Tier
from greenlane.risk.trust import CAP_CEILING, TrustPolicy


def test_a_tier_one_member_cuts_at_most_a_fifth_of_the_high_risk_threshold_by_default() -> None:
    policy = TrustPolicy(high_risk_threshold=0.6)
    assert policy.offset(Tier.TIER_1).amount == pytest.approx(-0.12)
    assert "Tier I member" in policy.offset(Tier.TIER_1).reasons[0]


def test_higher_tiers_cut_more_but_never_the_whole_threshold() -> None:
    policy = TrustPolicy(high_risk_threshold=1.0)
    cuts = [-policy.offset(tier).amount for tier in (Tier.TIER_1, Tier.TIER_2, Tier.TIER_3)]
    assert cuts == sorted(cuts)
    assert max(cuts) <= CAP_CEILING


def test_non_members_and_unknown_tiers_get_no_reduction() -> None:
    policy = TrustPolicy()
    assert policy.offset(Tier.NONE).amount == 0.0
    assert policy.offset("platinum").amount == 0.0


def test_a_reduction_above_its_cap_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="exceeds its cap") as caught:
        TrustPolicy(reductions={Tier.TIER_1: 0.3})
    assert caught.value.field == "reductions.tier_1"


def test_a_cap_that_would_amount_to_an_exemption_is_refused() -> None:
    with pytest.raises(ValidationFailed, match=r"between 0 and 0\.5"):
        TrustPolicy(caps={Tier.TIER_3: 0.9}, reductions={Tier.TIER_3: 0.9})


def test_suspended_and_unknown_links_raise_the_score_within_a_bound() -> None:
    policy = TrustPolicy(
        high_risk_threshold=0.5, suspended_link_raise=0.1, unknown_link_raise=0.05, max_raise=0.3
    )
    assert policy.offset(suspended_links=1, unknown_links=2).amount == pytest.approx(0.1)
    assert policy.offset(suspended_links=50).amount == pytest.approx(0.15)


@given(
    tier=st.sampled_from(list(Tier)),
    suspended=st.integers(0, 100),
    unknown=st.integers(0, 100),
    threshold=st.floats(0.01, 10.0),
)
def test_the_offset_is_always_bounded_for_every_tier_and_supply_chain(
    tier: Tier, suspended: int, unknown: int, threshold: float
) -> None:
    policy = TrustPolicy(high_risk_threshold=threshold)
    amount = policy.offset(tier, suspended_links=suspended, unknown_links=unknown).amount
    assert -policy.caps.get(tier, 0.0) * threshold - 1e-12 <= amount <= policy.max_raise * threshold + 1e-12
    vectorised = policy.offsets([tier], [suspended], [unknown])
    assert vectorised[0] == pytest.approx(amount)
