"""Which mechanisms are at work on a bill, given its chain's calibrated propensities and the day's draws.

One uniform draw per kind of violation is compared with the chain's probability; when it falls inside,
the same draw rescaled to [0, 1) picks the mechanism, so no extra randomness is spent and the choice stays
reproducible. Mechanism weights follow the chain: undervaluation dominates misdeclaration on high-duty
goods, origin laundering needs a hub on the way, a rip-on needs a transshipment (and always breaks the
seal), and an unmapped stuffing point makes stuffing-related breaches likelier. Drift schemes add their
mechanism on a share of their importers' bills once they have started.
"""

from __future__ import annotations

import numpy as np

from greenlane.world.chains import SupplyChain
from greenlane.world.parties import Site
from greenlane.world.propensity import ChainPropensity
from greenlane.world.truth import DriftScheme, Mechanism

__all__ = ["choose_mechanisms", "responsible_party"]


def _pick(weights: tuple[tuple[Mechanism, float], ...], draw: float) -> Mechanism:
    total = sum(weight for _, weight in weights)
    cumulative = 0.0
    for mechanism, weight in weights:
        cumulative += weight / total
        if draw < cumulative:
            return mechanism
    return weights[-1][0]


def _misdeclaration(chain: SupplyChain, draw: float) -> Mechanism:
    hub = 0.2 if chain.transshipment_port else 0.1
    return _pick(
        (
            (Mechanism.UNDERVALUATION, 0.5),
            (Mechanism.TARIFF_MISCLASSIFICATION, 0.25),
            (Mechanism.WEIGHT_MISDECLARED, 0.15),
            (Mechanism.ORIGIN_LAUNDERING, hub),
        ),
        draw,
    )


def _contraband(chain: SupplyChain, draw: float) -> tuple[Mechanism, ...]:
    if chain.transshipment_port and draw < 0.4:
        return (Mechanism.RIP_ON_IN_TRANSIT, Mechanism.TAMPERED_SEAL)
    return (Mechanism.CONCEALMENT_AT_STUFFING,)


def _breach(chain: SupplyChain, site_known: bool, draw: float) -> Mechanism:
    seal = 0.75 if chain.transshipment_port else 0.5
    stuffing = 0.5 if site_known else 0.8
    return _pick(((Mechanism.TAMPERED_SEAL, seal), (Mechanism.UNKNOWN_STUFFING_POINT, stuffing)), draw)


def _drift(
    k: int, draw: float, day: int, drift: tuple[tuple[DriftScheme, np.ndarray], ...]
) -> tuple[Mechanism, str] | None:
    for scheme, chains_in_scheme in drift:
        if scheme.active_on(day) and bool(chains_in_scheme[k]) and draw < scheme.rate:
            return scheme.mechanism, scheme.name
    return None


def choose_mechanisms(
    chain: SupplyChain,
    sites: dict[str, Site],
    propensity: ChainPropensity,
    k: int,
    draws: tuple[float, float, float, float],
    day: int,
    drift: tuple[tuple[DriftScheme, np.ndarray], ...],
) -> tuple[tuple[Mechanism, ...], str | None]:
    """Mechanisms on bill of chain k (in a fixed order, without repeats) and the drift scheme, if any.

    draws are the day's uniforms for misdeclaration, contraband, security breach and drift.
    """
    found: list[Mechanism] = []
    scheme_hit = _drift(k, draws[3], day, drift)
    if scheme_hit is not None:
        found.append(scheme_hit[0])
    chances = (propensity.misdeclaration[k], propensity.contraband[k], propensity.security_breach[k])
    if draws[0] < chances[0]:
        found.append(_misdeclaration(chain, draws[0] / chances[0]))
    if draws[1] < chances[1]:
        found.extend(_contraband(chain, draws[1] / chances[1]))
    if draws[2] < chances[2]:
        found.append(_breach(chain, sites[chain.stuffing_site_id].known, draws[2] / chances[2]))
    return tuple(dict.fromkeys(found)), scheme_hit[1] if scheme_hit else None


def responsible_party(
    chain: SupplyChain, sites: dict[str, Site], mechanisms: tuple[Mechanism, ...]
) -> str | None:
    """Who caused the first mechanism: None when it happened in transit, out of any listed party's hands."""
    if not mechanisms:
        return None
    first = mechanisms[0]
    if first is Mechanism.CONCEALMENT_AT_STUFFING:
        return sites[chain.stuffing_site_id].owner_id or chain.manufacturer_id
    if first is Mechanism.RIP_ON_IN_TRANSIT:
        return None
    if first is Mechanism.TAMPERED_SEAL:
        return chain.carrier_id
    if first is Mechanism.UNKNOWN_STUFFING_POINT:
        return chain.manufacturer_id
    return chain.importer_id
