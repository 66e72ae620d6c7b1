"""Small synthetic declaration frames for the risk tests: a handful of goods lines, origins and declarants
over a few weeks, with a fraud signal a model can learn (some goods lines are declared far below their
unit value norm and are usually fraudulent) and a few critical frauds, plus a writer to the KCS file
schema so the loader and the command line can be tested on real files."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from greenlane.risk.kcs import KCS_COLUMNS, KCS_LABEL_COLUMNS

_HS = ["847130", "950300", "610910", "392690", "071080", "851712"]
_ORIGINS = ["CN", "VN", "DE", "US"]


def make_shipment(**overrides: Any) -> dict[str, Any]:
    """One declaration as a plain dict with every shipment column; override any field by keyword."""
    row: dict[str, Any] = {
        "declaration_id": "D1",
        "date": date(2020, 3, 2),
        "office_id": "30",
        "process_type": "B",
        "import_type": "11",
        "import_use": "21",
        "payment_type": "11",
        "transport_mode": "10",
        "declarant_id": "DECL001",
        "importer_id": "IMP0001",
        "seller_id": "SEL0001",
        "courier_id": None,
        "hs6": "847130",
        "departure_country": "CN",
        "origin_country": "CN",
        "tax_rate": 8.0,
        "tax_type": "A",
        "origin_indicator": "Y",
        "net_mass_kg": 10.0,
        "value": 5000.0,
        "fraud": 0,
        "critical_fraud": 0,
    }
    row.update(overrides)
    return row


def make_shipments(
    n: int = 1200, *, seed: int = 0, start: date = date(2020, 1, 1), days: int = 120
) -> pl.DataFrame:
    """Declarations spread over `days`; about a fifth are frauds, concentrated on undervalued lines."""
    rng = np.random.default_rng(seed)
    hs = rng.choice(_HS, n)
    origin = rng.choice(_ORIGINS, n)
    norm = {code: 10.0 ** (1 + i % 3) for i, code in enumerate(_HS)}
    undervalued = rng.random(n) < 0.2
    mass = np.round(rng.choice([5.0, 12.5, 40.0, 100.0, 250.0], n), 1)
    unit = np.array([norm[h] for h in hs]) * np.where(undervalued, 0.2, rng.uniform(0.8, 1.25, n))
    fraud = (rng.random(n) < np.where(undervalued, 0.85, 0.05)).astype(np.int8)
    critical = np.where(fraud == 1, np.where(rng.random(n) < 0.1, 2, 1), 0).astype(np.int8)
    dates = [start + timedelta(days=int(d)) for d in np.sort(rng.integers(0, days, n))]
    return pl.DataFrame(
        {
            "declaration_id": [f"D{i:05d}" for i in range(n)],
            "date": dates,
            "office_id": rng.choice(["10", "20", "30"], n),
            "process_type": rng.choice(["A", "B"], n),
            "import_type": rng.choice(["11", "21"], n),
            "import_use": "21",
            "payment_type": rng.choice(["11", "43"], n),
            "transport_mode": rng.choice(["10", "40"], n),
            "declarant_id": [f"DECL{v:03d}" for v in rng.integers(0, 40, n)],
            "importer_id": [f"IMP{v:04d}" for v in rng.integers(0, 300, n)],
            "seller_id": [None if v < 20 else f"SEL{v:04d}" for v in rng.integers(0, 400, n)],
            "courier_id": None,
            "hs6": hs,
            "departure_country": np.where(rng.random(n) < 0.1, "SG", origin),
            "origin_country": origin,
            "tax_rate": rng.choice([0.0, 5.2, 8.0], n),
            "tax_type": rng.choice(["A", "C", "FCN1"], n),
            "origin_indicator": rng.choice(["Y", "B", "G"], n),
            "net_mass_kg": mass,
            "value": np.round(mass * unit, 2),
            "fraud": fraud,
            "critical_fraud": critical,
        },
        schema_overrides={"courier_id": pl.String, "fraud": pl.Int8, "critical_fraud": pl.Int8},
    )


def write_kcs(frame: pl.DataFrame, path: Path) -> Path:
    """The frame as a KCS-schema CSV file: source column names, HS codes unpadded as published."""
    names = {**{v: k for k, v in KCS_COLUMNS.items()}, **{v: k for k, v in KCS_LABEL_COLUMNS.items()}}
    out = frame.with_columns(pl.col("hs6").str.strip_chars_start("0"), pl.col("date").cast(pl.String)).select(
        [pl.col(c).alias(names[c]) for c in names if c in frame.columns]
    )
    out.write_csv(path)
    return path
