"""The corpus readers of ``ctlex analyze``, as a pandas DataFrame: one row per statement.

Reading is the command line tool's own (the Rust ``Corpus``): folders of ``.txt`` files with a
``metadata.csv``, CSV/TSV tables, JSON Lines, Security Council and General Debate folders, and
whole verbatim records split into speaker turns with the speaker headers taken out of the text;
bytes are decoded as the tool decodes them. So counting the ``text`` column counts what
``ctlex analyze`` counts, headers and page furniture left out.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Iterable, Optional, Union

from ._ctlex import read_statements
from ._pandas import pandas_or_explain

if TYPE_CHECKING:  # pragma: no cover
    import pandas

PathLike = Union[str, "os.PathLike[str]"]

#: The columns every frame of :func:`read_corpus` starts with; ``text`` ends it.
FIRST_COLUMNS = ("id", "file", "line")


def read_corpus(
    path: Union[PathLike, Iterable[PathLike]],
    layout: Optional[str] = None,
    where: Union[None, str, Iterable[str]] = None,
    groups: Optional[PathLike] = None,
    encoding: Optional[str] = None,
    text_column: str = "text",
) -> "pandas.DataFrame":
    """The statements of ``path`` (one input or a list of them, as ``ctlex analyze`` takes its
    inputs) read exactly as ``ctlex analyze`` reads them.

    One row per statement, in reading order: ``id``, ``file``, ``line`` (1-based, for the rows of
    tables; else missing), the metadata columns (those of ``metadata.csv`` or of the
    table, or those a layout computes, such as ``speaker`` and ``delegation`` of a record's
    turns), then ``text``. A metadata column a statement lacks is empty (``""``).

    ``layout`` is ``--layout``: ``None`` (or ``"auto"``) to detect it, or ``"text"``,
    ``"unsc"``, ``"ungdc"``, ``"record"``. ``where`` is one ``--where`` condition or a list of
    them (all must hold: ``"year>=2015"``, ``"delegation=France,Germany"``); an invalid one
    raises ``ValueError`` with the command line's message. ``groups`` is ``--groups``: a groups
    file or a bundled name (``csto``, ``sco``, ``cis``, ``p5``); statements in none of its
    groups are left out, as ``ctlex analyze`` leaves them out, and each grouped column gains
    ``<column>_group`` (a statement's groups, joined by ``"; "``). ``encoding`` is
    ``--encoding`` (default: detected file by file); ``text_column`` is ``--text-column``.

    Nothing is dropped silently: ``frame.attrs["problems"]`` lists what reading skipped or
    degraded, as dicts with ``file``, ``line`` (or ``None``), ``kind`` (as ``--errors`` names
    it) and ``message``; ``frame.attrs["layouts"]`` says which layout each folder was read
    with and why; ``frame.attrs["notes"]`` has the other remarks (statements in no group).
    An input that does not exist raises ``FileNotFoundError``.
    """
    pd = pandas_or_explain("read_corpus()")
    if isinstance(path, (str, os.PathLike)):
        paths = [os.fspath(path)]
    else:
        paths = [os.fspath(p) for p in path]
    if where is None:
        conditions = []
    elif isinstance(where, str):
        conditions = [where]
    else:
        conditions = [str(c) for c in where]
    read = read_statements(
        paths,
        layout,
        conditions,
        None if groups is None else os.fspath(groups),
        encoding,
        text_column,
    )
    statements = read["statements"]
    columns = dict.fromkeys(FIRST_COLUMNS)
    for statement in statements:
        columns.update(dict.fromkeys(statement))
    columns.pop("text", None)
    names = [*columns, "text"]
    metadata = names[len(FIRST_COLUMNS):-1]
    frame = pd.DataFrame(statements, columns=names)
    if metadata:
        frame[metadata] = frame[metadata].fillna("")
    frame["line"] = frame["line"].astype("Int64")
    frame.attrs["problems"] = read["problems"]
    frame.attrs["layouts"] = read["layouts"]
    frame.attrs["notes"] = read["notes"]
    return frame
