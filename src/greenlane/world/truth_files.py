"""Writes the ground truth, apart from everything a filer or the program could see.

truth/ground_truth.csv has one row per bill (clean ones too, so a missing row is never mistaken for a clean
bill): the violation kinds found on it, the mechanisms, the responsible party, the drift scheme, and the true
tariff line, origin, weight and value. truth/party_behaviour.csv holds every party's hidden diligence,
compliance propensity and security posture; truth/drift.json names the importers each scheme recruited.
Keeping these in their own folder lets a demo ingest the manifests folder without ever reading the answers.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from types import TracebackType

from greenlane.world.model import World
from greenlane.world.truth import GroundTruth

__all__ = ["TRUTH_COLUMNS", "GroundTruthWriter", "write_behaviour", "write_drift"]

TRUTH_COLUMNS = (
    "transport_document", "day", "violation", "contraband", "misdeclaration", "security_breach", "mechanisms",
    "responsible_party_id", "scheme", "true_hs6", "true_origin", "true_weight_kg", "true_value_usd",
)  # fmt: skip


class GroundTruthWriter:
    """Streams truth rows to CSV as the days are generated."""

    def __init__(self, path: Path) -> None:
        self._stream = path.open("w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._stream, lineterminator="\n")
        self._writer.writerow(TRUTH_COLUMNS)
        self.rows = 0

    def write(self, truth: GroundTruth) -> None:
        self._writer.writerow(
            (
                truth.transport_document, truth.day, int(truth.violation), int(truth.contraband),
                int(truth.misdeclaration), int(truth.security_breach),
                ";".join(m.value for m in truth.mechanisms), truth.responsible_party_id or "",
                truth.scheme or "",
                truth.true_hs6, truth.true_origin, repr(truth.true_weight_kg), f"{truth.true_value_usd:.2f}",
            )
        )  # fmt: skip
        self.rows += 1

    def close(self) -> None:
        self._stream.close()

    def __enter__(self) -> GroundTruthWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def write_behaviour(world: World, path: Path) -> int:
    """Hidden traits per party, rounded to six decimals (enough to rank, stable to print)."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(("party_id", "diligence", "compliance", "security"))
        for party_id in sorted(world.behaviour):
            b = world.behaviour[party_id]
            writer.writerow((party_id, f"{b.diligence:.6f}", f"{b.compliance:.6f}", f"{b.security:.6f}"))
    return len(world.behaviour)


def write_drift(world: World, path: Path) -> None:
    """Each drift scheme with the importers it recruited."""
    schemes = [
        {
            "name": scheme.name,
            "start_day": scheme.start_day,
            "mechanism": scheme.mechanism.value,
            "rate": scheme.rate,
            "importers": list(world.drift_importers.get(scheme.name, ())),
        }
        for scheme in world.params.drift
    ]
    path.write_text(json.dumps({"schemes": schemes}, indent=2, sort_keys=True) + "\n", encoding="utf-8")
