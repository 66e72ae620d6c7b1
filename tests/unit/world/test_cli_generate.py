from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from greenlane.cli.world import app
from greenlane.world import FILES

runner = CliRunner()


def test_generate_with_json_prints_only_the_summary_as_json(tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", "--out", str(tmp_path), "--days", "2", "--seed", "3", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["counts"]["bills"] > 0
    assert 0 < summary["member_value_share"] < 1 and summary["carrier_enrolment_share"] > 0.8
    assert set(summary["violation_rates"]) >= {"any", "contraband", "misdeclaration", "security_breach"}
    assert set(summary["files"]) == set(FILES.values())
    assert all((tmp_path / name).is_file() for name in FILES.values())


def test_generate_twice_with_the_same_options_writes_identical_manifests(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        options = ["generate", "--out", str(tmp_path / folder), "--days", "1", "--seed", "9", "--json"]
        assert runner.invoke(app, options).exit_code == 0
    for name in ("manifests.csv", "manifests.edi", "truth/ground_truth.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_the_2020_setting_enrols_a_larger_share_of_import_value(tmp_path: Path) -> None:
    shares = []
    for year in ("2002", "2020"):
        options = [
            "generate",
            "--out",
            str(tmp_path / year),
            "--days",
            "3",
            "--membership-year",
            year,
            "--json",
        ]
        shares.append(json.loads(runner.invoke(app, options).stdout)["member_value_share"])
    assert shares[0] < shares[1]


def test_an_explicit_member_value_share_overrides_the_year(tmp_path: Path) -> None:
    options = ["generate", "--out", str(tmp_path), "--days", "3", "--member-value-share", "0.7", "--json"]
    assert json.loads(runner.invoke(app, options).stdout)["member_value_share"] > 0.55


def test_without_json_a_table_compares_the_world_with_its_targets(tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", "--out", str(tmp_path), "--days", "1", "--scale", "small"])
    assert result.exit_code == 0, result.output
    assert "members' share of import value" in result.stdout and "34.0%" in result.stdout


def test_no_drift_switches_off_a_scheme_that_would_otherwise_start_on_day_zero(tmp_path: Path) -> None:
    options = ["generate", "--days", "2", "--drift-start", "0", "--json"]
    with_drift = runner.invoke(app, [*options, "--out", str(tmp_path / "on")])
    without = runner.invoke(app, [*options, "--no-drift", "--out", str(tmp_path / "off")])
    assert json.loads(with_drift.stdout)["violation_rates"]["drift"] > 0
    assert json.loads(without.stdout)["violation_rates"]["drift"] == 0


def test_an_unknown_scale_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", "--out", str(tmp_path), "--scale", "HARBOUR"])
    assert result.exit_code == 2
    assert not (tmp_path / "world.json").exists()
