"""Turning the model's raw margin into a probability an officer can read as "about 7 in 10 such declarations
are found fraudulent". The map is fitted on the most recent slice of the training period, held out from the
model that produced the margins, because probabilities measured on the rows a model learned from are
overconfident. Platt scaling is the default: it is strictly increasing, so it never reorders or ties the
ranking; isotonic regression is offered for larger histories."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

__all__ = ["Calibrator", "fit_calibrator"]

Method = Literal["sigmoid", "isotonic", "none"]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Calibrator:
    """A fitted, serialisable margin -> probability map."""

    method: Method
    slope: float = 1.0
    intercept: float = 0.0
    knots_x: list[float] = field(default_factory=list)
    knots_y: list[float] = field(default_factory=list)

    def probability(self, margin: FloatArray) -> FloatArray:
        if self.method == "isotonic":
            return np.asarray(np.interp(margin, self.knots_x, self.knots_y), dtype=np.float64)
        z = self.slope * margin + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "slope": self.slope,
            "intercept": self.intercept,
            "knots_x": self.knots_x,
            "knots_y": self.knots_y,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Calibrator:
        return cls(
            method=data["method"],
            slope=float(data["slope"]),
            intercept=float(data["intercept"]),
            knots_x=[float(v) for v in data["knots_x"]],
            knots_y=[float(v) for v in data["knots_y"]],
        )


def fit_calibrator(margin: FloatArray, outcome: npt.NDArray[np.int_], method: Method) -> Calibrator:
    """With "none", or a held-out slice holding a single class, the plain logistic link is kept."""
    if method == "none" or len(np.unique(outcome)) < 2:
        return Calibrator("none")
    if method == "isotonic":
        from sklearn.isotonic import IsotonicRegression

        iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(margin, outcome)
        return Calibrator(
            "isotonic",
            knots_x=[float(v) for v in iso.X_thresholds_],
            knots_y=[float(v) for v in iso.y_thresholds_],
        )
    from sklearn.linear_model import LogisticRegression

    platt = LogisticRegression(C=1e6).fit(margin.reshape(-1, 1), outcome)
    return Calibrator("sigmoid", slope=float(platt.coef_[0, 0]), intercept=float(platt.intercept_[0]))
