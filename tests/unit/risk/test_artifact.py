from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from greenlane.core.errors import ValidationFailed
from greenlane.risk.artifact import load_estimator, save_estimator
from greenlane.risk.estimator import RiskEstimator
from tests.unit.risk.builders import make_shipments


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> tuple[RiskEstimator, Path]:
    estimator = RiskEstimator(n_estimators=20, num_leaves=7, random_state=0).fit(make_shipments(800, seed=4))
    return estimator, save_estimator(estimator, tmp_path_factory.mktemp("model") / "risk-model")


def _edit_manifest(path: Path, change: dict[str, object]) -> None:
    manifest = json.loads((path / "manifest.json").read_text())
    manifest.update(change)
    (path / "manifest.json").write_text(json.dumps(manifest))


def _copy(source: Path, target: Path) -> Path:
    import shutil

    return Path(shutil.copytree(source, target))


def test_a_saved_model_scores_exactly_as_before(saved: tuple[RiskEstimator, Path]) -> None:
    estimator, path = saved
    rows = make_shipments(100, seed=8, start=date(2020, 7, 1))
    loaded = load_estimator(path)
    assert np.array_equal(loaded.risk_score(rows), estimator.risk_score(rows))
    assert loaded.feature_names_ == estimator.feature_names_
    assert loaded.get_params() == estimator.get_params()


def test_the_artifact_records_what_an_auditor_needs(saved: tuple[RiskEstimator, Path]) -> None:
    manifest = json.loads((saved[1] / "manifest.json").read_text())
    assert {"lightgbm", "polars", "numpy", "scikit-learn", "greenlane"} <= set(manifest["versions"])
    assert manifest["training_summary"]["rows"] == 800
    assert "heldout_auc" in manifest["metrics"]
    assert manifest["categories"]["office_id"]


def test_a_caller_expecting_other_features_is_refused(saved: tuple[RiskEstimator, Path]) -> None:
    expected = [*saved[0].feature_names_[:-1], "something_else"]
    with pytest.raises(ValidationFailed, match="'something_else'"):
        load_estimator(saved[1], expected_features=expected)


def test_an_artifact_whose_feature_list_differs_from_the_code_is_refused(
    saved: tuple[RiskEstimator, Path], tmp_path: Path
) -> None:
    path = _copy(saved[1], tmp_path / "edited")
    names = json.loads((path / "manifest.json").read_text())["feature_names"]
    _edit_manifest(path, {"feature_names": list(reversed(names))})
    with pytest.raises(ValidationFailed, match="does not fit this code"):
        load_estimator(path)


def test_an_artifact_from_another_format_version_is_refused(
    saved: tuple[RiskEstimator, Path], tmp_path: Path
) -> None:
    path = _copy(saved[1], tmp_path / "old")
    _edit_manifest(path, {"format_version": 0})
    with pytest.raises(ValidationFailed, match=r"format version 0.*retrain"):
        load_estimator(path)


def test_an_artifact_from_another_lightgbm_major_version_is_refused(
    saved: tuple[RiskEstimator, Path], tmp_path: Path
) -> None:
    path = _copy(saved[1], tmp_path / "lgb")
    manifest = json.loads((path / "manifest.json").read_text())
    _edit_manifest(path, {"versions": {**manifest["versions"], "lightgbm": "1.0.0"}})
    with pytest.raises(ValidationFailed, match=r"LightGBM 1\.0\.0"):
        load_estimator(path)


def test_a_damaged_booster_file_is_refused(saved: tuple[RiskEstimator, Path], tmp_path: Path) -> None:
    path = _copy(saved[1], tmp_path / "damaged")
    (path / "booster.txt").write_text((path / "booster.txt").read_text().replace("tree", "tre", 1))
    with pytest.raises(ValidationFailed, match="checksum"):
        load_estimator(path)


def test_a_folder_without_an_artifact_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed, match="no risk model artifact"):
        load_estimator(tmp_path)


def test_only_a_fitted_estimator_can_be_saved(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed, match="fitted"):
        save_estimator(RiskEstimator(), tmp_path / "x")
    assert not (tmp_path / "x").exists()
