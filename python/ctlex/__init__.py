"""Theme-lexicon counts for English and Russian counter-terrorism statements.

The numbers are those of the ``ctlex analyze`` command line tool: the same tokenizer, stemmers,
lexicons and matching rules, compiled from the same Rust library. Texts are counted in parallel
with the GIL released.

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
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, List, Optional, Union

from ._ctlex import LexiconError, __version__, lint_lexicons
from ._ctlex import Analyzer as _NativeAnalyzer

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = ["Analyzer", "Analysis", "LexiconError", "lint", "__version__"]

PathLike = Union[str, "os.PathLike[str]"]


def _missing(value: Any) -> bool:
    """None, or a float NaN as pandas writes a missing value."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _pandas():
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "to_pandas() needs pandas: pip install pandas (or pip install './python[pandas]')"
        ) from e
    return pandas


@dataclass(frozen=True)
class Analysis:
    """What :meth:`Analyzer.analyze` counted.

    ``texts`` has one dict per text, in input order::

        {"tokens": 6, "content_tokens": 4, "language": "en", "detected": True,
         "hits": {"afghanistan": 0, ..., "ftf": 1, ...}}

    ``language`` is the given language (``en``/``ru`` when recognised, else as written) or, when
    none was given, the one detected from the letters (``en``, ``ru`` or ``und``); ``detected``
    says which. ``content_tokens`` are the tokens that are not stop words.

    ``groups`` (``None`` without group keys) has one dict per group, sorted as ``ctlex analyze``
    sorts rows::

        {"group": "Russian Federation", "statements": 1, "tokens": 366, "content_tokens": 255,
         "hits": {...}, "per_1000": {"afghanistan": 13.66..., ...}}

    ``per_1000`` is hits per 1,000 units of the analyzer's denominator (``None`` when the
    group has none).
    """

    themes: List[str]
    texts: List[dict]
    groups: Optional[List[dict]]
    denominator: str

    def to_pandas(self) -> "pandas.DataFrame":
        """One row per text: ``language``, ``detected``, ``tokens``, ``content_tokens``, then the
        hits of each theme (one column per theme id)."""
        pd = _pandas()
        columns = ["language", "detected", "tokens", "content_tokens", *self.themes]
        rows = [
            [t["language"], t["detected"], t["tokens"], t["content_tokens"]]
            + [t["hits"][theme] for theme in self.themes]
            for t in self.texts
        ]
        return pd.DataFrame(rows, columns=columns)

    def groups_to_pandas(self, rates: bool = False) -> "pandas.DataFrame":
        """One row per group: ``group``, ``statements``, ``tokens``, ``content_tokens``, then one
        column per theme with its hits, or with ``rates=True`` its rate per 1,000 (NaN where the
        denominator is zero)."""
        if self.groups is None:
            raise ValueError("this analysis has no groups: pass groups= to analyze()")
        pd = _pandas()
        key = "per_1000" if rates else "hits"
        columns = ["group", "statements", "tokens", "content_tokens", *self.themes]
        rows = [
            [g["group"], g["statements"], g["tokens"], g["content_tokens"]]
            + [g[key][theme] for theme in self.themes]
            for g in self.groups
        ]
        frame = pd.DataFrame(rows, columns=columns)
        if rates:
            frame[self.themes] = frame[self.themes].astype("float64")
        return frame


class Analyzer:
    """Lexicons compiled for counting.

    ``lexicons`` is ``None`` for the twelve bundled themes, or a path as ``ctlex analyze
    --lexicons`` takes it: a folder of TOML theme files, one TOML file, a flat CSV/TSV lexicon,
    a YAML dictionary or a LIWC ``.dic`` file. An invalid lexicon raises :class:`LexiconError`
    naming the file and line. ``denominator`` is what rates are per 1,000 of: ``"tokens"`` (all
    tokens) or ``"content"`` (tokens that are not stop words).

    >>> analyzer = Analyzer()
    >>> analyzer.themes[:3]
    ['afghanistan', 'cells', 'crime_nexus']

    One analyzer can be shared by threads; build it once per process (on Spark, once per
    executor) since compiling the lexicons takes a few tens of milliseconds.
    """

    def __init__(self, lexicons: Optional[PathLike] = None, denominator: str = "tokens") -> None:
        path = None if lexicons is None else os.fspath(lexicons)
        self._native = _NativeAnalyzer(path, denominator)

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

    def analyze(
        self,
        texts: Iterable[str],
        languages: Optional[Iterable[Optional[str]]] = None,
        groups: Optional[Iterable[Any]] = None,
        threads: Optional[int] = None,
    ) -> Analysis:
        """Counts tokens and theme hits in each text, and per group when ``groups`` is given.

        ``languages`` (one per text, ``None`` to detect) labels each text's language as the
        ``language`` metadata column does for ``ctlex analyze``; matching does not depend on it.
        ``groups`` (one key per text; converted with ``str``, missing values as ``""``) adds a
        tally per group. ``threads`` is the number of worker threads (default: one per core).
        Any iterable works, including a pandas Series.

        >>> result = Analyzer().analyze(["The CSTO and the SCO met."], groups=["a"])
        >>> result.texts[0]["hits"]["regional_orgs"], result.groups[0]["tokens"]
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
        per_text, per_group = self._native.analyze(
            texts, native_languages, native_groups, threads
        )
        return Analysis(self.themes, per_text, per_group, self.denominator)

    def matches(self, text: str, language: Optional[str] = None) -> List[dict]:
        """Every match in ``text``, in text order: the audit behind the counts.

        Each match is a dict with ``theme``, ``entry`` (as written in the lexicon),
        ``entry_language``, ``text`` (the matched text as written), ``start``/``end`` (character
        offsets, so ``text[start:end]`` is the match), ``byte_start``/``byte_end`` (UTF-8 byte
        offsets), and up to 60 characters of context ``before`` and ``after``.

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
