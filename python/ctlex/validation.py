"""The lexicon scored against a hand-coded gold standard, as ``ctlex validate`` scores it."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Optional, Union

from ._ctlex import validate_gold
from ._pandas import pandas_or_explain

if TYPE_CHECKING:  # pragma: no cover
    import pandas

PathLike = Union[str, "os.PathLike[str]"]

#: The columns of :func:`validate`'s frame: those of ``ctlex validate -o``.
SCORE_COLUMNS = (
    "measure", "language", "theme", "positives", "predicted", "true_positives", "precision",
    "recall", "f1",
)


def validate(
    gold_path: PathLike,
    data: Optional[PathLike] = None,
    context: str = "passage",
    include_procedural: bool = False,
    lexicons: Optional[PathLike] = None,
) -> "pandas.DataFrame":
    """Scores the lexicons (default: the bundled ones) against the gold file ``gold_path``, as
    ``ctlex validate GOLD --data DATA`` does: one row per measure (``topic``, ``ct``), language
    (``en``, ``ru``, then ``all``) and theme (then ``micro`` and ``macro``), in its order, with
    the columns of its ``-o`` file (``precision``, ``recall`` and ``f1`` unrounded, NaN where it
    writes ``-``).

    ``data`` is the folder the gold file's references point into; ``context`` and
    ``include_procedural`` are as for :class:`ctlex.Analyzer`. Items whose reference no longer
    matches its hash are left out and listed in ``frame.attrs["stale"]`` (dicts with ``line``,
    ``id``, ``file``, ``reason``); ``frame.attrs["items"]`` is the number scored per language.
    A gold file in error raises ``ValueError`` naming its file and line.
    """
    pd = pandas_or_explain("validate()")
    validated = validate_gold(
        os.fspath(gold_path),
        None if data is None else os.fspath(data),
        context,
        bool(include_procedural),
        None if lexicons is None else os.fspath(lexicons),
    )
    frame = pd.DataFrame(validated["scores"], columns=list(SCORE_COLUMNS))
    frame[["precision", "recall", "f1"]] = frame[["precision", "recall", "f1"]].astype("float64")
    frame.attrs["stale"] = validated["stale"]
    frame.attrs["items"] = validated["items"]
    return frame
