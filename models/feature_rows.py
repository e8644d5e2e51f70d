"""Named feature rows (mappings of feature name to number) as a matrix for a tree model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray


def feature_matrix(
    rows: Sequence[Mapping[str, float]], names: Sequence[str]
) -> NDArray[np.float64]:
    """``rows`` as a float matrix, one column per name in ``names`` order."""
    out = np.zeros((len(rows), len(names)), dtype=np.float64)
    for i, row in enumerate(rows):
        out[i] = [float(row[name]) for name in names]
    return out
