"""Scoring throughput (docs/benchmarks.md section 3, the batch half): a million generated shipments scored end
to end by the risk engine (frame checked, features, selectivity rules, model, trust offsets, lanes per port
and day, ranked queues) against a bare LightGBM Booster.predict on the same prepared matrix, with the cost
of explanations for the flagged shipments reported apart, and the machine it ran on. The measurement lives
in greenlane.cli.bench so that `greenlane bench scoring` and this script run the same code.

    .venv/bin/python benchmarks/scoring.py [--rows 1000000] [--history 50000] [--repeat 2] [--json]
"""

from __future__ import annotations

import sys

import typer

from greenlane.cli.bench import app


def main() -> None:
    typer.main.get_command(app)(["scoring", *sys.argv[1:]], prog_name="benchmarks/scoring.py")


if __name__ == "__main__":
    main()
