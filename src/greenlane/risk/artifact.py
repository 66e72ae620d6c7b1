"""A trained risk model as a directory that can be copied, audited and loaded elsewhere: the boosters, the
feature list, the category codes, unit value norms and history totals learned from training, a summary of
the training data, the held-out metrics and the library versions. Loading refuses an artifact written in
another format version, by another LightGBM major version, with damaged files or with a feature list that
differs from what this code computes, because a model fed columns in the wrong order still returns
numbers, just wrong ones."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import lightgbm as lgb
import numpy as np
import polars as pl
import sklearn

import greenlane
from greenlane.core.errors import ValidationFailed
from greenlane.risk.calibration import Calibrator
from greenlane.risk.estimator import RiskEstimator
from greenlane.risk.features import NORM_LEVELS, ShipmentFeatures
from greenlane.risk.history import HistoryKey, HistorySnapshot

__all__ = ["ARTIFACT_FORMAT", "ARTIFACT_VERSION", "load_estimator", "save_estimator"]

ARTIFACT_FORMAT = "greenlane.risk.estimator"
ARTIFACT_VERSION = 1


def _versions() -> dict[str, str]:
    return {
        "greenlane": greenlane.__version__,
        "lightgbm": lgb.__version__,
        "polars": pl.__version__,
        "numpy": np.__version__,
        "scikit-learn": sklearn.__version__,
    }


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def save_estimator(estimator: RiskEstimator, path: str | Path) -> Path:
    """Writes into `path` (created if needed) and returns it; an existing artifact there is replaced."""
    if not hasattr(estimator, "booster_"):
        raise ValidationFailed("only a fitted estimator can be saved")
    target = Path(path)
    (target / "tables").mkdir(parents=True, exist_ok=True)
    features = estimator.features_
    assert features.snapshot is not None
    boosters = {"booster.txt": estimator.booster_.model_to_string()}
    if estimator.critical_booster_ is not None:
        boosters["critical_booster.txt"] = estimator.critical_booster_.model_to_string()
    for name, text in boosters.items():
        (target / name).write_text(text)
    for level, table in features.norms.items():
        table.write_parquet(target / "tables" / f"norm_{level}.parquet")
    for key, table in features.snapshot.tables.items():
        table.write_parquet(target / "tables" / f"history_{key}.parquet")
    params = estimator.get_params()
    params["history_keys"] = [_key_dict(k) for k in estimator.history_keys]
    manifest = {
        "format": ARTIFACT_FORMAT,
        "format_version": ARTIFACT_VERSION,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "versions": _versions(),
        "params": params,
        "feature_names": estimator.feature_names_,
        "categorical_features": features.categorical_features,
        "categories": features.categories,
        "feature_settings": {
            "min_category_count": features.min_category_count,
            "min_norm_support": features.min_norm_support,
            "smoothing": features.smoothing,
        },
        "history": {"prior": features.snapshot.prior, "smoothing": features.snapshot.smoothing},
        "calibration": estimator.calibrator_.to_dict(),
        "training_summary": estimator.training_summary_,
        "metrics": estimator.metrics_,
        "reference_scores": estimator.reference_scores_,
        "checksums": {name: _digest(text) for name, text in boosters.items()},
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return target


def _key_dict(key: HistoryKey) -> dict[str, Any]:
    return {"name": key.name, "columns": list(key.columns), "label": key.label}


def load_estimator(path: str | Path, *, expected_features: list[str] | None = None) -> RiskEstimator:
    """A caller that built its matrix for a known feature list passes it, and a different model is refused."""
    source = Path(path)
    manifest = _read_manifest(source)
    params = dict(manifest["params"])
    keys = tuple(HistoryKey(k["name"], tuple(k["columns"]), k["label"]) for k in params.pop("history_keys"))
    estimator = RiskEstimator(history_keys=keys, **params)
    settings = manifest["feature_settings"]
    features = ShipmentFeatures(history_keys=keys, **settings)
    _check_features(
        source, manifest["feature_names"], features.feature_names, "this version of greenlane computes"
    )
    if expected_features is not None:
        _check_features(source, manifest["feature_names"], expected_features, "the caller expects")
    features.categories = {k: list(v) for k, v in manifest["categories"].items()}
    features.norms = {
        level: pl.read_parquet(source / "tables" / f"norm_{level}.parquet") for level in NORM_LEVELS
    }
    tables = {k.name: pl.read_parquet(source / "tables" / f"history_{k.name}.parquet") for k in keys}
    history = manifest["history"]
    features.snapshot = HistorySnapshot(keys, tables, float(history["prior"]), float(history["smoothing"]))
    estimator.features_ = features
    estimator.feature_names_ = list(manifest["feature_names"])
    estimator.n_features_in_ = len(estimator.feature_names_)
    estimator.classes_ = np.array([0, 1])
    estimator.booster_ = _booster(source, "booster.txt", manifest)
    critical = "critical_booster.txt" in manifest["checksums"]
    estimator.critical_booster_ = _booster(source, "critical_booster.txt", manifest) if critical else None
    _check_features(source, estimator.booster_.feature_name(), estimator.feature_names_, "its manifest lists")
    estimator.calibrator_ = Calibrator.from_dict(manifest["calibration"])
    estimator.training_summary_ = manifest["training_summary"]
    estimator.metrics_ = manifest["metrics"]
    estimator.reference_scores_ = list(manifest["reference_scores"])
    return estimator


def _read_manifest(source: Path) -> dict[str, Any]:
    file = source / "manifest.json"
    if not file.is_file():
        raise ValidationFailed(f"no risk model artifact at {source} (manifest.json missing)")
    try:
        manifest: dict[str, Any] = json.loads(file.read_text())
    except json.JSONDecodeError as exc:
        raise ValidationFailed(f"{file}: not valid JSON ({exc.msg})") from None
    if manifest.get("format") != ARTIFACT_FORMAT:
        raise ValidationFailed(f"{source} is not a greenlane risk model artifact")
    if manifest.get("format_version") != ARTIFACT_VERSION:
        raise ValidationFailed(
            f"{source}: artifact format version {manifest.get('format_version')}, this greenlane reads "
            f"version {ARTIFACT_VERSION}; retrain the model"
        )
    written_with = str(manifest.get("versions", {}).get("lightgbm", "?"))
    if written_with.split(".")[0] != lgb.__version__.split(".")[0]:
        raise ValidationFailed(
            f"{source}: written with LightGBM {written_with}, this environment has {lgb.__version__}; retrain"
        )
    return manifest


def _check_features(source: Path, found: list[str], wanted: list[str], whose: str) -> None:
    if list(found) == list(wanted):
        return
    for position, (a, b) in enumerate(zip(found, wanted, strict=False)):
        if a != b:
            raise ValidationFailed(
                f"{source}: feature {position} is {a!r} but {whose} {b!r}; "
                "the artifact does not fit this code"
            )
    raise ValidationFailed(f"{source}: the artifact has {len(found)} features but {whose} {len(wanted)}")


def _booster(source: Path, name: str, manifest: dict[str, Any]) -> lgb.Booster:
    file = source / name
    if not file.is_file():
        raise ValidationFailed(f"{source}: {name} is missing")
    text = file.read_text()
    if _digest(text) != manifest["checksums"][name]:
        raise ValidationFailed(f"{source}: {name} does not match its checksum (damaged or edited)")
    return lgb.Booster(model_str=text)
