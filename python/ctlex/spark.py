"""Theme counts on Apache Spark: statements (or the files of a corpus folder) in, one row per
group out.

The executors count each Arrow batch with :mod:`ctlex.arrow` (one :class:`ctlex.Analyzer` per
Python worker process, built on first use and kept), Spark sums the counts per group, and the
rates are computed from the sums, so the table equals what ``ctlex analyze --by ...`` writes for
the same statements, whatever the partitioning. :func:`theme_counts` takes a DataFrame of
statements with a text column; :func:`file_theme_counts` takes the files of corpus folders
(listed by the walk of ``ctlex analyze`` for local folders, by Spark's ``binaryFile`` source
otherwise) and has the executors read them, by path or from their bytes, with the readers of
``ctlex analyze``.

>>> from ctlex.spark import theme_counts                              # doctest: +SKIP
>>> statements = spark.read.json("statements.jsonl")                  # doctest: +SKIP
>>> theme_counts(statements, by=["speaker"]).write.csv("out", header=True)  # doctest: +SKIP

pyspark and pyarrow are needed on the driver and the executors; this module imports pyspark
only when a function that needs it is called.
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Optional, Sequence, Tuple

from . import Analyzer
from ._ctlex import list_statement_files
from .arrow import COUNT_COLUMNS, count_files, count_texts, hit_columns, is_local, location_path

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["COUNT_COLUMNS", "hit_columns", "theme_counts", "file_theme_counts", "Gathered", "decimal"]

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


class Gathered:
    """An accumulator's way of adding lists (the problems and notes of reading files, gathered
    from the executors): ``spark.sparkContext.accumulator([], Gathered())``."""

    def zero(self, value: list) -> list:
        return []

    def addInPlace(self, first: list, second: list) -> list:  # noqa: N802 - Spark's name
        first.extend(second)
        return first


def _schema(by: Sequence[str], themes: Sequence[str]):
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    return StructType(
        [StructField(c, StringType()) for c in by]
        + [StructField(c, LongType()) for c in COUNT_COLUMNS + hit_columns(themes)]
    )


@contextmanager
def _arrow_only() -> Iterator[None]:
    """Leaves out PySpark's warning about the version of pandas, which ``mapInArrow`` gives
    although the counting steps use Arrow, not pandas."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)
        yield


def _gathered(problems: List[Dict[str, Any]], notes: List[str]) -> list:
    """Problems and notes as a :class:`Gathered` accumulator adds them."""
    return [("problem", p["file"], p["line"], p["kind"], p["message"]) for p in problems] + [
        ("note", note) for note in notes
    ]


def _size(setting: str) -> int:
    """Bytes in a Spark size setting (``134217728``, ``16m``, ``128MB``)."""
    units = {"b": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}
    text = setting.strip().lower().rstrip("b") or "0"
    if text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def _listed_files(spark: "SparkSession", roots: Sequence[str], reading: Any) -> "DataFrame":
    """The statement files below local ``roots``, listed on the driver by the walk of
    ``ctlex analyze`` (so the files it does not read are reported as it reports them), as a
    DataFrame of ``path`` and ``relative`` in about ``spark.sql.files.maxPartitionBytes`` of
    files a partition, and at least one partition per core."""
    files: List[Tuple[str, str]] = []
    size = 0
    for root in roots:
        listed = list_statement_files(location_path(root))
        if reading is not None:
            reading.add(_gathered(listed["problems"], listed["notes"]))
        files += [(path, relative) for path, relative, _ in listed["files"]]
        size += sum(bytes_ for _, _, bytes_ in listed["files"])
    split = _size(spark.conf.get("spark.sql.files.maxPartitionBytes", "128m"))
    context = spark.sparkContext
    partitions = max(context.defaultParallelism, -(-size // max(split, 1)), 1)
    partitions = min(partitions, max(len(files), 1))
    rows = context.parallelize(files, partitions)
    return spark.createDataFrame(rows, "path string, relative string")


def _per_group(
    counted: "DataFrame", by: Sequence[str], themes: Sequence[str], denominator: str
) -> "DataFrame":
    """The sums of ``counted`` (one row per statement) per group, with the rates."""
    from pyspark.sql import functions as F

    hits = hit_columns(themes)
    sums = counted.groupBy(*by).agg(*[F.sum(c).alias(c) for c in COUNT_COLUMNS + hits])
    base = F.col("content_tokens" if denominator == "content" else "tokens")
    # hits × (1000 / base), in this order, as ctlex computes it: the same double, bit for bit.
    rates = [
        F.when(base > 0, F.col(t) * (F.lit(1000.0) / base)).alias(f"{t}_per_1000")
        for t in themes
    ]
    return sums.select(*by, *COUNT_COLUMNS, *hits, *rates)


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
    analyze``). ``skipped``, an accumulator, counts the rows without text.

    The result has the ``by`` columns, ``statements``, ``tokens``, ``content_tokens``, the hits
    of each theme in counter-terrorism context (a column per theme id), its hits wherever they
    stand (``<theme>_all``), then ``<theme>_per_1000``: hits in context per 1,000 tokens (or
    content tokens with ``denominator="content"``), null where the denominator is zero. Rows
    are in no particular order: sort them where they are written (a global ``orderBy`` would
    make Spark sample, and so count, the statements twice).
    """
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
    needed = list(dict.fromkeys([*by, text] + ([language] if language else [])))

    def count(batches: Iterator["pyarrow.RecordBatch"]) -> Iterator["pyarrow.RecordBatch"]:
        analyzer = _analyzer(lexicons, denominator, context, include_procedural)
        for batch in batches:
            counted = count_texts(batch, analyzer, by, text, language, threads)
            if skipped is not None and len(counted) < len(batch):
                skipped.add(len(batch) - len(counted))
            yield counted

    with _arrow_only():
        counted = statements.select(*needed).mapInArrow(count, _schema(by, themes))
    return _per_group(counted, by, themes, denominator)


def file_theme_counts(
    spark: "SparkSession",
    paths: Sequence[str],
    by: Sequence[str] = ("speaker",),
    layout: str = "ungdc",
    lexicons: Optional[str] = None,
    denominator: str = "tokens",
    threads: int = 1,
    reading: Any = None,
    context: str = "passage",
    include_procedural: bool = False,
    encoding: Optional[str] = None,
    read: str = "auto",
) -> "DataFrame":
    """Theme counts per group of the corpus folders (or files) ``paths``, read on the executors:
    each ``.txt`` file is decoded and read by the readers of ``ctlex analyze`` for ``layout`` (``ungdc``: one General Debate speech per file;
    ``record``: verbatim meeting records split into speaker turns), so the statements, their
    metadata and their counts are those ``ctlex analyze --layout LAYOUT`` gives. ``by`` names
    metadata fields of the layout (``speaker``, ``delegation``, ``delegation_iso3``, ``year``,
    ``session``, ``file`` for ``ungdc``; ``meeting``, ``speaker``, ``delegation``, ``role``,
    ``spoke_in``... for ``record``); ``encoding`` is ``--encoding``. The other arguments and the
    columns of the result are those of :func:`theme_counts`.

    ``read`` says how the files reach the executors: ``"bytes"``, in the ``content`` column of
    Spark's ``binaryFile`` source (for storage only Spark reads, such as HDFS or S3);
    ``"paths"``, by name: the driver lists them with the walk of ``ctlex analyze`` and each
    executor reads its files from a file system it shares with the driver (a local folder in
    local mode, a network file system), which spares the JVM listing and reading them one by
    one; ``"auto"`` (the default), by path when every input is on the local file system (a
    path, or ``file:``), else by bytes.

    ``reading``, an accumulator made with :class:`Gathered`, gathers what reading met, as
    ``("problem", file, line, kind, message)`` and ``("note", text)`` tuples: what
    ``ctlex analyze`` reports and notes for the same files. (Read by bytes, files Spark does not
    list go unreported: empty files, names starting with ``.`` or ``_``, and other files than
    ``.txt``. None of them is counted, by Spark or the CLI.)
    """
    by = list(by)
    analyzer = _analyzer(lexicons, denominator, context, include_procedural)
    themes: List[str] = analyzer.themes
    roots = [str(p) for p in ([paths] if isinstance(paths, str) else paths)]
    # The layout and the fields are checked here on the driver, before Spark starts work.
    import pyarrow as pa

    empty = pa.record_batch({"path": pa.array([], pa.string()), "content": pa.array([], pa.binary())})
    count_files(empty, analyzer, by, roots, layout, encoding)
    if read not in ("auto", "bytes", "paths"):
        raise ValueError(f"read must be \"auto\", \"bytes\" or \"paths\", not {read!r}")
    if read == "paths" or (read == "auto" and all(is_local(r) for r in roots)):
        files = _listed_files(spark, roots, reading)
    else:
        files = (
            spark.read.format("binaryFile")
            .option("pathGlobFilter", "*.txt")
            .option("recursiveFileLookup", "true")
            .load(roots)
            .select("path", "content")
        )

    def count(batches: Iterator["pyarrow.RecordBatch"]) -> Iterator["pyarrow.RecordBatch"]:
        analyzer = _analyzer(lexicons, denominator, context, include_procedural)
        for batch in batches:
            counted, problems, notes = count_files(
                batch, analyzer, by, roots, layout, encoding, threads
            )
            if reading is not None and (problems or notes):
                reading.add(_gathered(problems, notes))
            yield counted

    with _arrow_only():
        counted = files.mapInArrow(count, _schema(by, themes))
    return _per_group(counted, by, themes, denominator)


def decimal(value: Optional[float]) -> str:
    """A rate as ``ctlex`` writes it: at most six decimals, no trailing zeros, empty for none."""
    if value is None:
        return ""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
