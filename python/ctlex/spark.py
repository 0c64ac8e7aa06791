"""Theme counts on Apache Spark: statements in, one row per group out.

The executors count each Arrow batch of statements with :class:`ctlex.Analyzer` (one analyzer per
Python worker process, built on first use), Spark sums the counts per group, and the rates are
computed from the sums, so the table equals what ``ctlex analyze --by ...`` writes for the same
statements, whatever the partitioning.

>>> from ctlex.spark import theme_counts                              # doctest: +SKIP
>>> statements = spark.read.json("statements.jsonl")                  # doctest: +SKIP
>>> theme_counts(statements, by=["speaker"]).write.csv("out", header=True)  # doctest: +SKIP

pyspark, pandas and pyarrow are needed on the driver and the executors; this module imports
pyspark only when :func:`theme_counts` is called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Optional, Sequence, Tuple

from . import Analyzer

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    from pyspark.sql import DataFrame

COUNT_COLUMNS = ["statements", "tokens", "content_tokens"]

# One analyzer per way of counting (lexicons, denominator, context, procedural) and Python worker
# process: Spark reuses its Python workers across tasks, so the lexicons are compiled once per
# executor core, not once per batch.
_analyzers: Dict[Tuple[Optional[str], str, str, bool], Analyzer] = {}


def _analyzer(
    lexicons: Optional[str],
    denominator: str,
    context: str = "passage",
    include_procedural: bool = False,
) -> Analyzer:
    key = (lexicons, denominator, context, include_procedural)
    if key not in _analyzers:
        _analyzers[key] = Analyzer(lexicons, denominator, context, include_procedural)
    return _analyzers[key]


def hit_columns(themes: Sequence[str]) -> List[str]:
    """The hit columns of a table, in the order of ``ctlex analyze``'s wide table: the hits in
    context of each theme (a column per theme id), then its hits wherever they stand
    (``<theme>_all``)."""
    return [*themes, *(f"{theme}_all" for theme in themes)]


def count_batches(
    batches: Iterator["pandas.DataFrame"],
    by: Sequence[str],
    text: str,
    language: Optional[str],
    lexicons: Optional[str],
    denominator: str,
    threads: int,
    skipped: Any = None,
    context: str = "passage",
    include_procedural: bool = False,
) -> Iterator["pandas.DataFrame"]:
    """The ``mapInPandas`` step: one row per statement with its group values and counts (the
    columns of :func:`hit_columns`: hits in ``context``, then hits wherever they stand).

    Rows whose text is null are not statements (as a JSON line without text is not for
    ``ctlex analyze``); they are counted in the ``skipped`` accumulator when one is given.
    """
    import pandas as pd

    analyzer = _analyzer(lexicons, denominator, context, include_procedural)
    themes = analyzer.themes
    for batch in batches:
        present = batch[text].notna()
        if skipped is not None:
            skipped.add(int((~present).sum()))
        batch = batch[present]
        languages = batch[language] if language is not None else None
        result = analyzer.analyze(batch[text], languages=languages, threads=threads)
        out = pd.DataFrame(
            {column: batch[column].fillna("").astype(str).to_numpy() for column in by}
        )
        out["statements"] = 1
        out["tokens"] = [t["tokens"] for t in result.texts]
        out["content_tokens"] = [t["content_tokens"] for t in result.texts]
        for theme in themes:
            out[theme] = [t["hits"][theme] for t in result.texts]
        for theme in themes:
            out[f"{theme}_all"] = [t["hits_all"][theme] for t in result.texts]
        yield out.astype({c: "int64" for c in COUNT_COLUMNS + hit_columns(themes)})


def theme_counts(
    statements: "DataFrame",
    by: Sequence[str] = ("speaker",),
    text: str = "text",
    language: Optional[str] = "language",
    lexicons: Optional[str] = None,
    denominator: str = "tokens",
    threads: int = 1,
    skipped: Any = None,
    context: str = "passage",
    include_procedural: bool = False,
) -> "DataFrame":
    """Theme counts per group of a DataFrame of statements.

    ``by`` names the grouping columns (their values are read as strings, null as ""), ``text``
    the column with the statement text, ``language`` an optional column with each statement's
    language (ignored when the DataFrame has no such column). ``lexicons`` must be a path every
    executor can read (or ``None`` for the bundled lexicons). ``threads`` is the number of
    threads per task: Spark already runs one task per executor core, so keep 1 unless tasks
    have cores of their own (``spark.task.cpus``). ``context`` and ``include_procedural`` are
    those of :class:`ctlex.Analyzer` (``--context`` and ``--include-procedural`` of ``ctlex
    analyze``).

    The result has the ``by`` columns, ``statements``, ``tokens``, ``content_tokens``, the hits
    of each theme in counter-terrorism context (a column per theme id), its hits wherever they
    stand (``<theme>_all``), then ``<theme>_per_1000``: hits in context per 1,000 tokens (or
    content tokens with ``denominator="content"``), null where the denominator is zero. Rows
    are in no particular order: sort them where they are written (a global ``orderBy`` would
    make Spark sample, and so count, the statements twice).
    """
    from pyspark.sql import functions as F
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    by = list(by)
    columns = set(statements.columns)
    missing = [c for c in [*by, text] if c not in columns]
    if missing:
        raise ValueError(
            f"no column {', '.join(missing)} in the statements (columns: {', '.join(sorted(columns))})"
        )
    if language is not None and language not in columns:
        language = None
    # Built here on the driver too, so a bad lexicon or context fails before Spark starts work.
    themes: List[str] = _analyzer(lexicons, denominator, context, include_procedural).themes
    hits = hit_columns(themes)
    schema = StructType(
        [StructField(c, StringType()) for c in by]
        + [StructField(c, LongType()) for c in COUNT_COLUMNS + hits]
    )
    needed = list(dict.fromkeys([*by, text] + ([language] if language else [])))

    def count(batches: Iterator["pandas.DataFrame"]) -> Iterator["pandas.DataFrame"]:
        return count_batches(
            batches, by, text, language, lexicons, denominator, threads, skipped,
            context, include_procedural,
        )

    counted = statements.select(*needed).mapInPandas(count, schema)
    sums = counted.groupBy(*by).agg(*[F.sum(c).alias(c) for c in COUNT_COLUMNS + hits])
    base = F.col("content_tokens" if denominator == "content" else "tokens")
    # hits × (1000 / base), in this order, as ctlex computes it: the same double, bit for bit.
    rates = [
        F.when(base > 0, F.col(t) * (F.lit(1000.0) / base)).alias(f"{t}_per_1000")
        for t in themes
    ]
    return sums.select(*by, *COUNT_COLUMNS, *hits, *rates)


def decimal(value: Optional[float]) -> str:
    """A rate as ``ctlex`` writes it: at most six decimals, no trailing zeros, empty for none."""
    if value is None:
        return ""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
