"""Theme counts of Arrow record batches: the steps Spark's ``mapInArrow`` runs on its executors
(see :mod:`ctlex.spark`), usable on their own with pyarrow alone.

Two kinds of batch are counted, one row out per statement, with the grouping columns first and
then the counts (``statements``, ``tokens``, ``content_tokens``, then the columns of
:func:`hit_columns`):

- :func:`count_texts`: a batch of statements with a text column, as a Parquet or JSON Lines
  table gives them;
- :func:`count_files`: a batch of whole files (``path`` and ``content``, the columns of Spark's
  ``binaryFile`` source; or ``path`` alone, for files on a file system this process reads),
  decoded and read by the readers of ``ctlex analyze`` for a corpus folder of one layout
  (``ungdc``, or ``record``: verbatim records split into speaker turns).

The text and file buffers go to the extension as they are, and the counts come back as one
buffer that becomes the Arrow columns without a copy: no Python object per statement.

>>> import pyarrow as pa
>>> batch = pa.record_batch({"speaker": ["A", "B"], "text": ["Terrorism financing.", None]})
>>> counted = count_texts(batch, Analyzer(), by=["speaker"])
>>> counted.to_pydict()["speaker"], counted.to_pydict()["statements"], counted.to_pydict()["financing"]
(['A'], [1], [1])
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple
from urllib.parse import urlsplit

from . import Analyzer
from ._ctlex import count_file_bytes, count_text_column

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow

#: The count columns every counted batch has before the hits.
COUNT_COLUMNS = ["statements", "tokens", "content_tokens"]


def hit_columns(themes: Sequence[str]) -> List[str]:
    """The hit columns of a table, in the order of ``ctlex analyze``'s wide table: the hits in
    context of each theme (a column per theme id), then its hits wherever they stand
    (``<theme>_all``)."""
    return [*themes, *(f"{theme}_all" for theme in themes)]


def buffers(array: "pyarrow.Array") -> Tuple[bytes, bytes, Optional[bytes], int, int, bool]:
    """An Arrow string or binary array (``large_`` ones too) as the extension reads it: its
    offsets, values and validity buffers, its offset into them, its length, and whether its
    offsets are 64-bit."""
    import pyarrow as pa

    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    kind = array.type
    wide = pa.types.is_large_string(kind) or pa.types.is_large_binary(kind)
    if not (wide or pa.types.is_string(kind) or pa.types.is_binary(kind)):
        array = array.cast(pa.string())
    validity, offsets, data = array.buffers()[:3]
    return (
        b"" if offsets is None else offsets.to_pybytes(),
        b"" if data is None else data.to_pybytes(),
        None if validity is None or array.null_count == 0 else validity.to_pybytes(),
        array.offset,
        len(array),
        wide,
    )


def _counts(analyzer: Analyzer, counted: bytes, rows: int) -> List["pyarrow.Array"]:
    """The count columns (:data:`COUNT_COLUMNS`, then the hits) of the extension's buffer."""
    import pyarrow as pa

    shared = pa.py_buffer(counted)
    names = COUNT_COLUMNS + hit_columns(analyzer.themes)
    return [
        pa.Array.from_buffers(pa.int64(), rows, [None, shared], offset=i * rows)
        for i in range(len(names))
    ]


def _group_column(values: "pyarrow.Array") -> "pyarrow.Array":
    """A grouping column as strings, null as ``""`` (as ``ctlex analyze`` reads a missing value)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.fill_null(values.cast(pa.string()), "")


def count_texts(
    batch: "pyarrow.RecordBatch",
    analyzer: Analyzer,
    by: Sequence[str],
    text: str = "text",
    language: Optional[str] = None,
    threads: int = 1,
) -> "pyarrow.RecordBatch":
    """The counts of each statement of ``batch``: the ``by`` columns (as strings, null as
    ``""``), then the count columns. ``text`` names the column of texts, ``language`` an
    optional column labelling each text's language (detected where null). A row whose text is
    null is not a statement and is left out (``len(batch)`` minus the rows returned)."""
    import pyarrow as pa

    texts = batch.column(text)
    languages = None if language is None else buffers(batch.column(language))
    counted = count_text_column(analyzer._native, buffers(texts), languages, threads)
    columns = [_group_column(batch.column(c)) for c in by] + _counts(analyzer, counted, len(batch))
    names = [*by, *COUNT_COLUMNS, *hit_columns(analyzer.themes)]
    out = pa.RecordBatch.from_arrays(columns, names=names)
    if texts.null_count:
        out = out.filter(texts.is_valid())
    return out


def location_path(location: str) -> str:
    """The path part of a file location as Spark or a user names it (``file:/a/b``,
    ``s3a://bucket/a/b``, ``/a/b``), without a trailing ``/``. (Spark names files by their
    paths as they are, not percent-encoded.)"""
    parts = urlsplit(location)
    if len(parts.scheme) > 1:
        path = location[len(parts.scheme) + 1:]
        if parts.scheme == "file" and path.startswith("//"):
            path = path[2:]
    else:
        path = os.path.abspath(location)
    return path.rstrip("/") or "/"


def is_local(location: str) -> bool:
    """Whether ``location`` names a file on this machine's file system (a path, or ``file:``)."""
    scheme = urlsplit(location).scheme
    return len(scheme) <= 1 or scheme == "file"


def relative_paths(paths: Sequence[str], roots: Sequence[str]) -> List[str]:
    """Each of ``paths`` below the deepest of ``roots`` holding it, with ``/`` separators (its
    file name when no root holds it, or when the root is the file itself): the ``file`` field and
    statement id ``ctlex analyze`` gives a file of a folder input."""
    bases = sorted((location_path(r) for r in roots), key=len, reverse=True)
    out = []
    for path in paths:
        path = location_path(path)
        base = next((b for b in bases if path.startswith(b + "/")), None)
        out.append(path[len(base) + 1:] if base else path.rsplit("/", 1)[-1])
    return out


def count_files(
    batch: "pyarrow.RecordBatch",
    analyzer: Analyzer,
    by: Sequence[str],
    roots: Sequence[str],
    layout: str = "ungdc",
    encoding: Optional[str] = None,
    threads: int = 1,
) -> Tuple["pyarrow.RecordBatch", List[Dict[str, Any]], List[str]]:
    """The counts of each statement in the files of ``batch`` (columns ``path`` and
    ``content``; or ``path`` alone, to read each file from this machine's file system; and
    ``relative``, each file's path below its input, else found from ``roots``), read as ``ctlex analyze`` reads a folder of ``layout`` (``ungdc`` or
    ``record``) whose inputs were ``roots``; ``encoding`` is ``--encoding`` (default: detected
    file by file). ``by`` names metadata fields the layout gives (``speaker``, ``delegation``,
    ``year``, ``file``...; an unknown one is a ``ValueError`` naming those there are).

    Returns the counted batch (the ``by`` columns, then the count columns), the problems met
    (dicts: ``file``, ``line``, ``kind``, ``message``, as :func:`ctlex.read_corpus` gives them)
    and the notes (delegations not in the table, files not named as the layout names them).
    """
    import pyarrow as pa

    paths = batch.column("path").to_pylist()
    names = batch.schema.names
    read = count_file_bytes(
        analyzer._native,
        [location_path(p) for p in paths],
        batch.column("relative").to_pylist() if "relative" in names else relative_paths(paths, roots),
        buffers(batch.column("content")) if "content" in names else None,
        layout,
        ", ".join(roots),
        list(by),
        encoding,
        threads,
    )
    rows = read["rows"]
    columns = [pa.array(read["fields"][c], pa.string()) for c in by]
    columns += _counts(analyzer, read["counts"], rows)
    names = [*by, *COUNT_COLUMNS, *hit_columns(analyzer.themes)]
    return pa.RecordBatch.from_arrays(columns, names=names), read["problems"], read["notes"]
