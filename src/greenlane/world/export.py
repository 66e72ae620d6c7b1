"""Writes a generated world to a folder, day by day, so that a year at port scale fits in bounded memory.

Layout of the folder (all UTF-8, newline-terminated, byte-identical for the same seed and parameters):
world.json (parameters and summary), parties.csv and supply_chains.csv (what the program may know),
manifests.csv, manifests.ndjson and manifests.edi (the same bills in the CSV, NDJSON and UN/EDIFACT
CUSCAR formats of greenlane.cargo), security_filings.ndjson (importer security filings in the cargo
library's NDJSON contract), and truth/
(ground_truth.csv, party_behaviour.csv, drift.json), kept in its own folder so nothing that ingests the
manifests can stumble on the answers. Each day's bills are mapped to cargo records once and handed to
every writer, then dropped.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from greenlane.cargo.csv_format import CsvWriter
from greenlane.cargo.cuscar_writer import CuscarWriter
from greenlane.cargo.isf import write_isf_ndjson
from greenlane.cargo.ndjson_format import NdjsonWriter
from greenlane.world.daily import DayBatch
from greenlane.world.manifest import to_bill, to_security_filing
from greenlane.world.model import World
from greenlane.world.registry_files import write_chains, write_parties
from greenlane.world.summary import WorldSummary
from greenlane.world.truth_files import GroundTruthWriter, write_behaviour, write_drift

__all__ = ["FILES", "write_world"]

FILES = {
    "summary": "world.json",
    "parties": "parties.csv",
    "supply_chains": "supply_chains.csv",
    "manifests_csv": "manifests.csv",
    "manifests_ndjson": "manifests.ndjson",
    "manifests_cuscar": "manifests.edi",
    "security_filings": "security_filings.ndjson",
    "ground_truth": "truth/ground_truth.csv",
    "party_behaviour": "truth/party_behaviour.csv",
    "drift": "truth/drift.json",
}


def write_world(world: World, out: Path, on_day: Callable[[DayBatch], None] | None = None) -> WorldSummary:
    """Generate every day of the world into `out` and return the summary (also saved as world.json).

    on_day is called after each day is written (the command line moves its progress bar there).
    """
    (out / "truth").mkdir(parents=True, exist_ok=True)
    summary = WorldSummary.start(world)
    write_parties(world, out / FILES["parties"])
    write_chains(world, out / FILES["supply_chains"])
    write_behaviour(world, out / FILES["party_behaviour"])
    write_drift(world, out / FILES["drift"])
    with ExitStack() as stack:
        manifests_csv = stack.enter_context(CsvWriter(out / FILES["manifests_csv"]))
        manifests_ndjson = stack.enter_context(NdjsonWriter(out / FILES["manifests_ndjson"]))
        # No prepared_at: the interchange is stamped from the first bill's filing time, never the clock.
        manifests_cuscar = stack.enter_context(CuscarWriter(out / FILES["manifests_cuscar"]))
        filings = stack.enter_context(
            (out / FILES["security_filings"]).open("w", encoding="utf-8", newline="\n")
        )
        truths = stack.enter_context(GroundTruthWriter(out / FILES["ground_truth"]))
        for batch in world.days():
            for shipment, truth in zip(batch.shipments, batch.truths, strict=True):
                bill = to_bill(shipment, world.parties)
                manifests_csv.write(bill)
                manifests_ndjson.write(bill)
                manifests_cuscar.write(bill)
                truths.write(truth)
            # The cargo library's filing writer takes an open stream and leaves it open: one call per day.
            write_isf_ndjson((to_security_filing(s, world.parties) for s in batch.shipments), filings)
            summary.add(world, batch)
            if on_day is not None:
                on_day(batch)
    summary.files = sorted(FILES.values())
    document = {"params": world.params.to_dict(), "summary": summary.as_dict()}
    text = json.dumps(document, indent=2, sort_keys=True) + "\n"
    (out / FILES["summary"]).write_text(text, encoding="utf-8")
    return summary
