"""`greenlane targeting ...`: targeting quality from a terminal. `evaluate` runs the static benchmark protocol
(docs/benchmarks.md section 1) and `evaluate-online` the weekly inspection loop (section 2) on the public
customs-declarations data or any file of that schema, printing Rich tables or, with --json, JSON only. A
user mistake (missing file, bad column, unknown format) prints one line on stderr and exits with code 2."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from greenlane.cli.common import console, err_console, user_errors
from greenlane.risk.baselines import METHODS
from greenlane.risk.evaluation import StaticReport, evaluate_static
from greenlane.risk.kcs import DATA_ENV, default_data_dir, load_kcs
from greenlane.risk.metrics import rate_label
from greenlane.risk.online import OnlineReport, evaluate_online
from greenlane.risk.policies import POLICIES

app = typer.Typer(
    help="Targeting: measure how well shipments are ranked for inspection (static and online benchmarks).",
    no_args_is_help=True,
)
_FORMATS = ("kcs",)


def _paths(value: str | None, default_name: str) -> list[Path]:
    if value:
        return [Path(part.strip()) for part in value.split(",") if part.strip()]
    folder = default_data_dir()
    if not (folder / default_name).is_file():
        raise ValueError(
            f"no {default_name} in {folder}: pass the file, or set {DATA_ENV} to the data folder"
        )
    return [folder / default_name]


def _load(train: str | None, test: str | None, data_format: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    if data_format not in _FORMATS:
        raise ValueError(f"unknown --format {data_format!r}; supported: {', '.join(_FORMATS)}")
    return load_kcs(_paths(train, "train.csv")), load_kcs(_paths(test, "valid.csv"))


@contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[..., None]]:
    """A bar on stderr, so stdout stays clean for --json."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task(label, total=total)

        def advance(*args: Any) -> None:
            bar.update(task, advance=1, description=f"{label}: {' '.join(str(a) for a in args)}")

        yield advance


def _print_json(data: Any) -> None:
    """Strict JSON: a figure that cannot be computed (no frauds to recall) is null, not NaN."""
    sys.stdout.write(json.dumps(_finite(data), indent=2, allow_nan=False) + "\n")


def _finite(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


TrainOption = Annotated[
    str | None,
    typer.Option("--train", help="Training file(s), comma-separated (default: the public train.csv)."),
]
TestOption = Annotated[
    str | None, typer.Option("--test", help="File to score (default: the public valid.csv).")
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON only, for scripts.")]


@app.command("evaluate")
@user_errors
def evaluate(
    train: TrainOption = None,
    test: TestOption = None,
    data_format: Annotated[str, typer.Option("--format", help="Schema of the files.")] = "kcs",
    seeds: Annotated[int, typer.Option("--seeds", min=1, help="Seeds to average over.")] = 3,
    as_json: JsonFlag = False,
) -> None:
    """Static protocol: fit on train, score test, compare greenlane with random, highest-value-first and a
    plain LightGBM baseline at 1, 2, 5 and 10 % inspected."""
    training, testing = _load(train, test, data_format)
    with _progress(seeds * len(METHODS), "fitting") as advance:
        report = evaluate_static(training, testing, seeds=tuple(range(seeds)), progress=advance)
    if as_json:
        _print_json(report.to_json())
        return
    _static_tables(report)


def _static_tables(report: StaticReport) -> None:
    """Metrics down, methods across: five methods fit a terminal, twenty metrics would not."""
    rates = [rate_label(r) for r in report.rates]
    metrics = ["auc", *(f"precision@{r}" for r in rates), *(f"recall@{r}" for r in rates)]
    metrics += [*(f"critical_recall@{r}" for r in rates), *(f"duty_proxy_recall@{r}" for r in rates)]
    names = list(report.models)
    table = Table(
        "metric", *names, "best", title=f"static protocol, mean ±std over {len(report.seeds)} seed(s)"
    )
    for metric in metrics:
        cells = [f"{report.models[n][metric]:.3f} ±{report.models[n][metric + '_std']:.3f}" for n in names]
        table.add_row(metric, *cells, f"{report.cap[metric]:.3f}")
    console.print(table)
    console.print(
        f"train {report.train_rows:,} rows, test {report.test_rows:,} rows with {report.test_frauds:,} "
        f"frauds ({report.test_critical_frauds} critical). duty_proxy_recall: share of value x tax rate / "
        "100 over all frauds caught, a proxy (the data has no revenue label)."
    )
    console.print("seconds per seed: " + ", ".join(f"{k} {v:.1f}" for k, v in report.seconds.items()))


@app.command("evaluate-online")
@user_errors
def evaluate_online_command(
    train: TrainOption = None,
    test: TestOption = None,
    data_format: Annotated[str, typer.Option("--format", help="Schema of the files.")] = "kcs",
    seeds: Annotated[int, typer.Option("--seeds", min=1, help="Seeds to average over.")] = 1,
    as_json: JsonFlag = False,
) -> None:
    """Online protocol: weekly batches, k = round(rate x batch) exams per week, labels revealed only for the
    examined, retraining every week; exploitation, exploitation + 10 % random and greenlane's policy, with
    and without an injected drift."""
    training, testing = _load(train, test, data_format)
    rates = (0.05, 0.10)
    with _progress(seeds * 2 * len(rates) * len(POLICIES), "policies") as advance:
        report = evaluate_online(training, testing, seeds=tuple(range(seeds)), rates=rates, progress=advance)
    if as_json:
        _print_json(report.to_json())
        return
    _online_tables(report)


def _online_tables(report: OnlineReport) -> None:
    weeks = pl.DataFrame(report.weeks)
    for (scenario, rate), group in weeks.group_by("scenario", "rate", maintain_order=True):
        policies = group["policy"].unique(maintain_order=True).to_list()
        table = Table(
            "week",
            "batch",
            "frauds",
            *(f"{p} P / R" for p in policies),
            title=f"{scenario}: {float(rate):.0%} inspected per week (mean over seeds)",
        )
        by_week = group.group_by("week", "policy").agg(
            pl.col("rows").mean(),
            pl.col("frauds").mean(),
            pl.col("precision").mean(),
            pl.col("recall").mean(),
        )
        for week in sorted(by_week["week"].unique().to_list()):
            rows = by_week.filter(pl.col("week") == week)
            cells = [f"{_cell(rows, p, 'precision'):.3f} / {_cell(rows, p, 'recall'):.3f}" for p in policies]
            table.add_row(str(week), f"{rows['rows'][0]:.0f}", f"{rows['frauds'][0]:.0f}", *cells)
        summary = report.summary[str(scenario)][f"{float(rate) * 100:g}"]
        table.add_row(
            "mean", "", "", *(f"{summary[p]['precision']:.3f} / {summary[p]['recall']:.3f}" for p in policies)
        )
        table.add_row(
            f"from week {report.drift.start_week}",
            "",
            "",
            *(
                f"{summary[p]['precision_from_drift_week']:.3f} / {summary[p]['recall_from_drift_week']:.3f}"
                for p in policies
            ),
        )
        console.print(table)
    console.print("drift scenario: " + "; ".join(f"{k}: {v}" for k, v in report.drift.describe().items()))


def _cell(rows: pl.DataFrame, policy: str, column: str) -> float:
    return float(rows.filter(pl.col("policy") == policy)[column][0])
