from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from greenlane.cli.targeting import app
from greenlane.risk import online
from tests.unit.risk.builders import make_shipments, write_kcs

runner = CliRunner()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("kcs")
    first = write_kcs(make_shipments(500, seed=31, days=60), folder / "train-a.csv")
    second = write_kcs(make_shipments(300, seed=32, start=date(2020, 3, 1), days=30), folder / "train-b.csv")
    test = write_kcs(make_shipments(300, seed=33, start=date(2020, 4, 1), days=21), folder / "test.csv")
    return first, second, test


def test_evaluate_prints_json_with_every_method_and_metric(files: tuple[Path, Path, Path]) -> None:
    first, second, test = files
    result = runner.invoke(
        app,
        [
            "evaluate",
            "--train",
            f"{first},{second}",
            "--test",
            str(test),
            "--format",
            "kcs",
            "--seeds",
            "1",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["data"]["train_rows"] == 800
    for name in ("greenlane", "lightgbm-baseline", "random", "highest-value-first"):
        for metric in ("auc", "precision@1", "precision@5", "recall@10", "critical_recall@10"):
            assert isinstance(report["models"][name][metric], float)
            assert isinstance(report["models"][name][metric + "_std"], float)
    assert report["cap"]["auc"] == 1.0


def test_evaluate_prints_a_table_without_json(files: tuple[Path, Path, Path]) -> None:
    first, _, test = files
    result = runner.invoke(app, ["evaluate", "--train", str(first), "--test", str(test), "--seeds", "1"])
    assert result.exit_code == 0, result.output
    assert "static protocol" in result.stdout and "seconds per seed" in result.stdout


def test_evaluate_online_reports_weeks_and_means_for_each_policy(
    files: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(online.ONLINE_MODEL, "n_estimators", 5)
    first, _, test = files
    result = runner.invoke(app, ["evaluate-online", "--train", str(first), "--test", str(test), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report["summary"]) == {"stable", "drift"}
    assert set(report["summary"]["stable"]["5"]) == {"exploit", "exploit+random", "greenlane"}
    weeks = pl.DataFrame(report["per_week"])
    assert sorted(weeks["week"].unique().to_list()) == [1, 2, 3]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--train", "/no/such/file.csv"], "file not found: /no/such/file.csv"),
        (["--format", "edifact"], "unknown --format 'edifact'"),
    ],
)
def test_a_user_mistake_is_one_line_on_stderr_and_exit_code_2(
    files: tuple[Path, Path, Path], arguments: list[str], message: str
) -> None:
    first, _, test = files
    base = {"--train": str(first), "--test": str(test)}
    for flag, value in zip(arguments[::2], arguments[1::2], strict=True):
        base[flag] = value
    result = runner.invoke(app, ["evaluate", *[x for pair in base.items() for x in pair]])
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_a_file_with_a_missing_column_is_named(files: tuple[Path, Path, Path], tmp_path: Path) -> None:
    first, _, test = files
    broken = tmp_path / "broken.csv"
    pl.read_csv(test, infer_schema_length=0).drop("HS6 Code").write_csv(broken)
    result = runner.invoke(app, ["evaluate", "--train", str(first), "--test", str(broken), "--json"])
    assert result.exit_code == 2
    assert "missing column 'HS6 Code'" in result.stderr
    assert result.stdout == ""
