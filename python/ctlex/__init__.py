"""Theme-lexicon counts for English and Russian counter-terrorism statements.

The numbers are those of the ``ctlex analyze`` command line tool: the same tokenizer, stemmers,
lexicons and matching rules, compiled from the same Rust library. Texts are counted in parallel
with the GIL released.

Every theme is counted two ways, as ``ctlex analyze`` counts it: ``hits``, its hits in
counter-terrorism context (near a word of the context lexicon: in the same passage by default, or
in the unit the analyzer's ``context`` names; anywhere for a theme that needs no context), and
``hits_all``, its hits wherever they stand.

>>> import ctlex
>>> analyzer = ctlex.Analyzer()
>>> result = analyzer.analyze(
...     ["Foreign terrorist fighters are returning home.",
...      "Иностранные боевики-террористы возвращаются домой."],
...     groups=["en", "ru"],
... )
>>> [(t["language"], t["tokens"], t["hits"]["ftf"]) for t in result.texts]
[('en', 6, 1), ('ru', 5, 1)]
>>> [(g["group"], g["hits"]["ftf"], round(g["per_1000"]["ftf"], 1)) for g in result.groups]
[('en', 1, 166.7), ('ru', 1, 200.0)]

Afghanistan is counter-terrorism discourse only near a word of the context lexicon:

>>> text = "Afghanistan matters. Counter-terrorism must help it."
>>> [t["hits"]["afghanistan"] for t in analyzer.analyze([text]).texts]
[1]
>>> counted = ctlex.Analyzer(context="sentence").analyze([text]).texts[0]
>>> counted["hits"]["afghanistan"], counted["hits_all"]["afghanistan"]
(0, 1)
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, List, Optional, Union

from ._ctlex import LexiconError, __version__, kwic_lines, lint_lexicons
from ._ctlex import Analyzer as _NativeAnalyzer
from ._pandas import pandas_or_explain
from .readers import read_corpus
from .validation import validate

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = [
    "Analyzer",
    "Analysis",
    "CONTEXT_UNITS",
    "LONG_COLUMNS",
    "LexiconError",
    "kwic",
    "lint",
    "read_corpus",
    "validate",
    "__version__",
]

PathLike = Union[str, "os.PathLike[str]"]

#: The values of ``context``, narrowest first, as ``ctlex analyze --context`` takes them.
CONTEXT_UNITS = ("sentence", "passage", "paragraph", "statement", "none")


def _missing(value: Any) -> bool:
    """None, or a float NaN as pandas writes a missing value."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _pandas():
    return pandas_or_explain("to_pandas()")


@dataclass(frozen=True)
class Analysis:
    """What :meth:`Analyzer.analyze` counted.

    ``texts`` has one dict per text, in input order::

        {"tokens": 6, "content_tokens": 4, "language": "en", "detected": True,
         "hits": {"afghanistan": 0, ..., "ftf": 1, ...},
         "hits_all": {"afghanistan": 0, ..., "ftf": 1, ...}}

    ``hits`` are each theme's hits in counter-terrorism context (in the analyzer's ``context``
    unit), ``hits_all`` its hits wherever they stand (never fewer).

    ``language`` is the given language (``en``/``ru`` when recognised, else as written) or, when
    none was given, the one detected from the letters (``en``, ``ru`` or ``und``); ``detected``
    says which. ``content_tokens`` are the tokens that are not stop words.

    ``groups`` (``None`` without group keys) has one dict per group, sorted as ``ctlex analyze``
    sorts rows::

        {"group": "Russian Federation", "statements": 1, "tokens": 366, "content_tokens": 255,
         "hits": {...}, "hits_all": {...}, "per_1000": {"afghanistan": 13.66..., ...}}

    ``per_1000`` is ``hits`` (in context) per 1,000 units of the analyzer's denominator
    (``None`` when the group has none), ``per_1000_low`` and ``per_1000_high`` its exact
    (Poisson) 95% interval; ``share`` is the theme's part of the group's hits in context,
    ``rank`` the theme's rank by hits within the group (1 the most; ties share the best); and
    ``g2`` (signed log-likelihood, positive when the group's rate is the higher), ``p_value``
    and ``log_ratio`` (log2 of the ratio of the rates) compare the group with all the other
    groups together. Every one of them is a dict by theme, computed by the Rust library as
    ``ctlex analyze --format long`` computes its columns of the same names (``None`` where that
    writes an empty cell). ``denominator`` and ``context`` are the analyzer's.

    ``terms`` (``None`` unless ``analyze(..., terms=True)``) is the table of ``ctlex analyze
    --terms`` as ``{"columns": [...], "rows": [[...], ...]}``; see :meth:`terms_to_pandas`.
    """

    themes: List[str]
    texts: List[dict]
    groups: Optional[List[dict]]
    denominator: str
    context: str = "passage"
    terms: Optional[dict] = None

    @property
    def _all_columns(self) -> List[str]:
        return [f"{theme}_all" for theme in self.themes]

    def to_pandas(self) -> "pandas.DataFrame":
        """One row per text: ``language``, ``detected``, ``tokens``, ``content_tokens``, the
        hits of each theme in context (a column per theme id), then its hits wherever they stand
        (``<theme>_all``), the themes in the order of ``ctlex analyze``'s wide table."""
        pd = _pandas()
        columns = [
            "language", "detected", "tokens", "content_tokens", *self.themes, *self._all_columns
        ]
        rows = [
            [t["language"], t["detected"], t["tokens"], t["content_tokens"]]
            + [t["hits"][theme] for theme in self.themes]
            + [t["hits_all"][theme] for theme in self.themes]
            for t in self.texts
        ]
        return pd.DataFrame(rows, columns=columns)

    def groups_to_pandas(self, rates: bool = False) -> "pandas.DataFrame":
        """One row per group: ``group``, ``statements``, ``tokens``, ``content_tokens``, then a
        column per theme with its hits in context and a column ``<theme>_all`` per theme with
        its hits wherever they stand (the order of ``ctlex analyze``'s wide table); or, with
        ``rates=True``, a column per theme with the rate per 1,000 of its hits in context (NaN
        where the denominator is zero) and no ``_all`` columns."""
        if self.groups is None:
            raise ValueError("this analysis has no groups: pass groups= to analyze()")
        pd = _pandas()
        columns = ["group", "statements", "tokens", "content_tokens", *self.themes]
        keys = ["per_1000"] if rates else ["hits", "hits_all"]
        if not rates:
            columns += self._all_columns
        rows = [
            [g["group"], g["statements"], g["tokens"], g["content_tokens"]]
            + [g[key][theme] for key in keys for theme in self.themes]
            for g in self.groups
        ]
        frame = pd.DataFrame(rows, columns=columns)
        if rates:
            frame[self.themes] = frame[self.themes].astype("float64")
        return frame

    def terms_to_pandas(self) -> "pandas.DataFrame":
        """One row per group, theme and lexicon entry that caught anything, with the columns and
        values of ``ctlex analyze --terms``: ``group`` (absent without ``groups``), ``theme``,
        ``entry`` (as written in the lexicon), ``language`` (the entry's), ``hits`` (in
        context), ``hits_all`` (wherever they stand), then the three most frequent forms caught,
        ``form_1`` ... ``form_3``, each with its hits wherever they stand, ``form_1_hits`` ...
        (``""`` and ``<NA>`` where an entry caught fewer forms). Within a group, entries come in
        theme order, then most hits in context first, then most hits, then lexicon order."""
        if self.terms is None:
            raise ValueError("this analysis has no terms: pass terms=True to analyze()")
        pd = _pandas()
        columns = self.terms["columns"]
        frame = pd.DataFrame(self.terms["rows"], columns=columns)
        counts = [c for c in columns if c in ("hits", "hits_all") or c.endswith("_hits")]
        frame[counts] = frame[counts].astype("Int64")
        return frame

    def groups_to_long(self) -> "pandas.DataFrame":
        """One row per group and theme, with the columns of ``ctlex analyze --format long``
        after its ``--by`` columns, in its order: ``group``, ``theme``, ``hits``, ``hits_all``,
        ``tokens``, ``per_1000``, ``share``, ``content_tokens``, ``per_1000_low``,
        ``per_1000_high``, ``rank``, ``g2``, ``p_value``, ``log_ratio`` (NaN where the CLI
        writes an empty cell)."""
        if self.groups is None:
            raise ValueError("this analysis has no groups: pass groups= to analyze()")
        pd = _pandas()
        rows = [
            [
                g["group"], theme, g["hits"][theme], g["hits_all"][theme], g["tokens"],
                g["per_1000"][theme], g["share"][theme], g["content_tokens"],
                g["per_1000_low"][theme], g["per_1000_high"][theme], g["rank"][theme],
                g["g2"][theme], g["p_value"][theme], g["log_ratio"][theme],
            ]
            for g in self.groups
            for theme in self.themes
        ]
        frame = pd.DataFrame(rows, columns=LONG_COLUMNS)
        measures = [c for c in LONG_COLUMNS if c in _MEASURES]
        frame[measures] = frame[measures].astype("float64")
        return frame


#: The columns of :meth:`Analysis.groups_to_long`: those of ``ctlex analyze --format long``.
LONG_COLUMNS = (
    "group", "theme", "hits", "hits_all", "tokens", "per_1000", "share", "content_tokens",
    "per_1000_low", "per_1000_high", "rank", "g2", "p_value", "log_ratio",
)
_MEASURES = {"per_1000", "share", "per_1000_low", "per_1000_high", "g2", "p_value", "log_ratio"}


class Analyzer:
    """Lexicons compiled for counting.

    ``lexicons`` is ``None`` for the twelve bundled themes, or a path as ``ctlex analyze
    --lexicons`` takes it: a folder of TOML theme files, one TOML file, a flat CSV/TSV lexicon,
    a YAML dictionary or a LIWC ``.dic`` file. An invalid lexicon raises :class:`LexiconError`
    naming the file and line. ``denominator`` is what rates are per 1,000 of: ``"tokens"`` (all
    tokens) or ``"content"`` (tokens that are not stop words).

    ``context`` is how near a word of the context lexicon must stand for a hit to count in
    ``hits``, as ``ctlex analyze --context`` takes it: ``"sentence"`` (the hit's sentence),
    ``"passage"`` (the default: that sentence with the one before and the one after, within the
    paragraph), ``"paragraph"`` (the hit's paragraph), ``"statement"`` (anywhere in the text),
    or ``"none"`` (every hit counts, so ``hits`` equals ``hits_all``). Hits in a presiding officer's procedural sentences (giving the
    floor, vote tallies) count in neither measure unless ``include_procedural`` is true, as with
    ``--include-procedural``.

    >>> analyzer = Analyzer()
    >>> analyzer.themes[:3]
    ['afghanistan', 'cells', 'crime_nexus']
    >>> analyzer.context, Analyzer(context="sentence").context
    ('passage', 'sentence')

    One analyzer can be shared by threads; build it once per process (on Spark, once per
    executor) since compiling the lexicons takes a few tens of milliseconds.
    """

    def __init__(
        self,
        lexicons: Optional[PathLike] = None,
        denominator: str = "tokens",
        context: str = "passage",
        include_procedural: bool = False,
    ) -> None:
        path = None if lexicons is None else os.fspath(lexicons)
        self._native = _NativeAnalyzer(path, denominator, context, bool(include_procedural))

    @property
    def themes(self) -> List[str]:
        """Theme ids, in the order of every table."""
        return self._native.themes

    @property
    def labels(self) -> dict:
        """Theme id → the theme's label."""
        return self._native.labels

    @property
    def denominator(self) -> str:
        """``"tokens"`` or ``"content"``."""
        return self._native.denominator

    @property
    def context(self) -> str:
        """The unit a context word must share with a hit: one of :data:`CONTEXT_UNITS`."""
        return self._native.context

    @property
    def include_procedural(self) -> bool:
        """Whether hits in procedural sentences count."""
        return self._native.include_procedural

    def analyze(
        self,
        texts: Iterable[str],
        languages: Optional[Iterable[Optional[str]]] = None,
        groups: Optional[Iterable[Any]] = None,
        threads: Optional[int] = None,
        terms: bool = False,
    ) -> Analysis:
        """Counts tokens and theme hits (``hits`` in context, ``hits_all`` wherever they stand)
        in each text, and per group when ``groups`` is given.

        ``languages`` (one per text, ``None`` to detect) labels each text's language as the
        ``language`` metadata column does for ``ctlex analyze``; matching does not depend on it.
        ``groups`` (one key per text; converted with ``str``, missing values as ``""``) adds a
        tally per group. ``threads`` is the number of worker threads (default: one per core).
        ``terms=True`` also counts hits per lexicon entry with the forms caught, as ``ctlex
        analyze --terms`` does (per group, or over all texts without ``groups``): see
        :meth:`Analysis.terms_to_pandas`.
        Any iterable works, including a pandas Series.

        >>> result = Analyzer().analyze(["The CSTO and the SCO met."], groups=["a"])
        >>> result.texts[0]["hits_all"]["regional_orgs"], result.groups[0]["tokens"]
        (2, 6)
        """
        texts = list(texts)
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(f"texts[{i}] is {type(text).__name__}, not str")
        native_languages = None
        if languages is not None:
            native_languages = [None if _missing(v) else str(v) for v in languages]
        native_groups = None
        if groups is not None:
            native_groups = ["" if _missing(v) else str(v) for v in groups]
        per_text, per_group, per_entry = self._native.analyze(
            texts, native_languages, native_groups, threads, bool(terms)
        )
        return Analysis(
            self.themes, per_text, per_group, self.denominator, self.context, per_entry
        )

    def matches(self, text: str, language: Optional[str] = None) -> List[dict]:
        """Every match in ``text``, in text order: the audit behind the counts.

        Each match is a dict with ``theme``, ``entry`` (as written in the lexicon),
        ``entry_language``, ``text`` (the matched text as written), ``start``/``end`` (character
        offsets, so ``text[start:end]`` is the match), ``byte_start``/``byte_end`` (UTF-8 byte
        offsets), up to 60 characters of surrounding text ``before`` and ``after``, and, as the
        ``--matches`` file of ``ctlex analyze`` has them, ``in_context`` (``True`` when the match
        counts in ``hits``, ``False`` when in ``hits_all`` only) and ``context`` (the entry of the
        context lexicon, as written there, that put it in context; ``None`` when its theme needs
        no context, when the analyzer's ``context`` is ``"none"``, or when it is out of context).

        >>> [(m["theme"], m["entry"], m["text"], m["start"], m["end"])
        ...  for m in Analyzer().matches("Он говорил о ШОС.")]
        [('regional_orgs', 'ШОС', 'ШОС', 13, 16)]
        """
        return self._native.matches(text, language)

    def lint(self) -> List[dict]:
        """The lexicon lint's findings, as ``ctlex lexicon lint`` prints them: dicts with
        ``severity`` (``"error"`` or ``"warning"``), ``file``, ``line`` (or ``None``),
        ``message`` and ``text`` (the whole finding on one line)."""
        return self._native.lint()


def lint(lexicons: Optional[PathLike] = None) -> List[dict]:
    """Lints the lexicons at ``lexicons`` (default: the bundled ones), as :meth:`Analyzer.lint`,
    without compiling them first: an entry that does not compile is a finding, not an error.

    >>> lint()
    []
    """
    return lint_lexicons(None if lexicons is None else os.fspath(lexicons))


def kwic(
    pattern: str,
    texts: Iterable[str],
    width: int = 40,
    context: str = "passage",
    include_procedural: bool = False,
    in_context: bool = False,
    lexicons: Optional[PathLike] = None,
) -> List[dict]:
    """Every hit of ``pattern`` (one lexicon entry: a word, ``prefix*``, a phrase,
    ``a NEAR/n b`` or ``/regex/``, in English or Russian) in ``texts``, with the text around it,
    as ``ctlex kwic`` finds them: texts in order, hits in text order.

    Each hit is a dict with ``text`` (the index of its text), ``line`` (1-based, within the
    text), ``start``/``end`` (character offsets, so ``texts[i][start:end]`` is the hit), up to
    ``width`` characters of context ``before`` and ``after`` (line breaks as spaces), ``match``,
    and ``in_context``/``context`` as :meth:`Analyzer.matches` gives them, under ``context``
    (see :data:`CONTEXT_UNITS`). ``in_context=True`` keeps only the hits in context. An invalid
    pattern raises ``ValueError`` naming the character at fault.

    >>> [(h["text"], h["match"], h["in_context"]) for h in kwic(
    ...     "боевик*", ["No match here.", "Боевики-террористы и боевиков."], width=10)]
    [(1, 'Боевики', True), (1, 'боевиков', True)]
    """
    return kwic_lines(
        pattern,
        list(texts),
        width,
        context,
        include_procedural,
        in_context,
        None if lexicons is None else os.fspath(lexicons),
    )
