"""How likely each supply chain's shipments are to carry a violation or break a filing rule.

A chain's raw propensity comes from the hidden behaviour of its parties and its weak links: misdeclaration
from the importer's (and less so the manufacturer's and broker's) compliance and the duty at stake;
contraband and security breaches from the weakest security posture along the chain (an unmapped stuffing
point counts as very weak), the number of weak links and transshipment (more handling, more chances for a
rip-on). Raw propensities are then scaled so the shipment-weighted mean hits the calibrated base rate
exactly (ViolationRates), and capped at 50 % so no chain is a sure thing. Filing flags (late, vague,
invalid container number) are scaled the same way from the filer's compliance, so they carry weak signal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from greenlane.world.calibration import FilingRates, ViolationRates
from greenlane.world.chains import SupplyChain
from greenlane.world.parties import Behaviour, Party, Site
from greenlane.world.products import Product

__all__ = ["ChainPropensity", "compute_propensities", "scale_to_mean"]

_CAP = 0.5
_UNKNOWN_SITE_SECURITY = 0.15


@dataclass(frozen=True, slots=True)
class ChainPropensity:
    """Per-chain probabilities, aligned with the world's chain list."""

    misdeclaration: np.ndarray
    contraband: np.ndarray
    security_breach: np.ndarray
    late_manifest: np.ndarray
    late_security_filing: np.ndarray
    vague_description: np.ndarray
    invalid_container: np.ndarray
    weak_links: np.ndarray


def scale_to_mean(raw: np.ndarray, weights: np.ndarray, target: float, cap: float = _CAP) -> np.ndarray:
    """Multiply raw propensities by one factor so their weighted mean is `target`, capping each at `cap`.

    The cap makes the mean non-linear in the factor, so the factor is found by bisection.
    """
    if target <= 0 or float(raw.max(initial=0.0)) <= 0:
        return np.zeros_like(raw)
    weights = weights / weights.sum()
    factor = target / max(float(np.dot(raw, weights)), 1e-15)
    if float(raw.max()) * factor <= cap:
        # Nothing reaches the cap: the plain rescaling is exact, no search needed.
        return raw * factor
    # At `high` every positive propensity sits at the cap, so the target lies between the bounds.
    low, high = 0.0, cap / float(raw[raw > 0].min())
    for _ in range(100):
        middle = (low + high) / 2
        if float(np.dot(np.minimum(raw * middle, cap), weights)) < target:
            low = middle
        else:
            high = middle
    return np.minimum(raw * high, cap)


def _chain_security(chain: SupplyChain, site: Site, behaviour: dict[str, Behaviour]) -> float:
    postures = [behaviour[chain.manufacturer_id].security, behaviour[chain.carrier_id].security]
    if chain.consolidator_id is not None:
        postures.append(behaviour[chain.consolidator_id].security)
    postures.append(
        behaviour[site.owner_id].security if site.owner_id is not None else _UNKNOWN_SITE_SECURITY
    )
    # The weakest link dominates but the others still count: 70 % minimum, 30 % mean.
    return 0.7 * min(postures) + 0.3 * sum(postures) / len(postures)


def _raw_rates(
    chain: SupplyChain,
    parties: dict[str, Party],
    sites: dict[str, Site],
    behaviour: dict[str, Behaviour],
    products: dict[str, Product],
) -> tuple[float, ...]:
    importer, maker = behaviour[chain.importer_id], behaviour[chain.manufacturer_id]
    broker, carrier = behaviour[chain.broker_id], behaviour[chain.carrier_id]
    filer = (
        behaviour[chain.consolidator_id]
        if chain.less_than_container_load and chain.consolidator_id
        else carrier
    )
    duty = sum(products[code].duty_risk for code in chain.hs6) / len(chain.hs6)
    weak = len(chain.weak_links(parties, sites))
    handling = 1.5 if chain.transshipment_port else 1.0
    exposure = 1.0 - _chain_security(chain, sites[chain.stuffing_site_id], behaviour)
    lcl = 2.0 if chain.less_than_container_load else 1.0
    return (
        ((1 - importer.compliance) ** 2 + 0.3 * (1 - maker.compliance) ** 2 + 0.15 * (1 - broker.compliance))
        * duty,
        (exposure**2 * (1 + 0.4 * weak) + 0.5 * (1 - importer.compliance) ** 3) * handling,
        exposure * (1 + 0.3 * weak) * handling,
        1 - filer.compliance,
        0.5 * (1 - importer.compliance) + 0.5 * (1 - broker.compliance),
        ((1 - maker.compliance) + 0.5 * (1 - importer.compliance)) * lcl,
        1 - carrier.compliance,
        float(weak),
    )


def compute_propensities(
    chains: list[SupplyChain],
    parties: dict[str, Party],
    sites: dict[str, Site],
    behaviour: dict[str, Behaviour],
    products: dict[str, Product],
    rates: ViolationRates,
    filing: FilingRates,
) -> ChainPropensity:
    """Calibrated per-chain probabilities: their frequency-weighted means equal the configured rates."""
    raw = np.array([_raw_rates(c, parties, sites, behaviour, products) for c in chains], dtype=float)
    weights = np.array([c.frequency for c in chains], dtype=float)
    targets = (
        rates.misdeclaration,
        rates.contraband,
        rates.security_breach,
        filing.late_manifest,
        filing.late_security_filing,
        filing.vague_description,
        filing.invalid_container_number,
    )
    scaled = [scale_to_mean(raw[:, column], weights, target) for column, target in enumerate(targets)]
    return ChainPropensity(
        misdeclaration=scaled[0],
        contraband=scaled[1],
        security_breach=scaled[2],
        late_manifest=scaled[3],
        late_security_filing=scaled[4],
        vague_description=scaled[5],
        invalid_container=scaled[6],
        weak_links=raw[:, 7],
    )
