"""Type stubs of the native module; use the documented wrappers in :mod:`ctlex` instead."""

from typing import List, Optional, Tuple

__version__: str

class LexiconError(ValueError):
    """An invalid lexicon. The message reads ``FILE:LINE: entry `...`: what is wrong``."""

    file: str
    line: Optional[int]

class Analyzer:
    def __init__(
        self,
        lexicons: Optional[str] = None,
        denominator: str = "tokens",
        context: str = "passage",
        include_procedural: bool = False,
    ) -> None: ...
    @property
    def themes(self) -> List[str]: ...
    @property
    def labels(self) -> dict: ...
    @property
    def denominator(self) -> str: ...
    @property
    def context(self) -> str: ...
    @property
    def include_procedural(self) -> bool: ...
    def analyze(
        self,
        texts: List[str],
        languages: Optional[List[Optional[str]]] = None,
        groups: Optional[List[str]] = None,
        threads: Optional[int] = None,
        terms: bool = False,
    ) -> Tuple[List[dict], Optional[List[dict]], Optional[dict]]: ...
    def matches(self, text: str, language: Optional[str] = None) -> List[dict]: ...
    def lint(self) -> List[dict]: ...

def lint_lexicons(lexicons: Optional[str] = None) -> List[dict]: ...
def kwic_lines(
    pattern: str,
    texts: List[str],
    width: int = 40,
    context: str = "passage",
    include_procedural: bool = False,
    in_context: bool = False,
    lexicons: Optional[str] = None,
) -> List[dict]: ...
def read_statements(
    paths: List[str],
    layout_name: Optional[str] = None,
    conditions: List[str] = ...,
    groups: Optional[str] = None,
    encoding_name: Optional[str] = None,
    text_column: str = "text",
) -> dict: ...
def validate_gold(
    gold_path: str,
    data: Optional[str] = None,
    context: str = "passage",
    include_procedural: bool = False,
    lexicons: Optional[str] = None,
) -> dict: ...
def count_text_column(
    analyzer: Analyzer,
    texts: Tuple[bytes, bytes, Optional[bytes], int, int, bool],
    languages: Optional[Tuple[bytes, bytes, Optional[bytes], int, int, bool]] = None,
    threads: Optional[int] = 1,
) -> bytes: ...
def count_file_bytes(
    analyzer: Analyzer,
    paths: List[str],
    relative: List[str],
    contents: Optional[Tuple[bytes, bytes, Optional[bytes], int, int, bool]],
    layout_name: str,
    root: str,
    fields: List[str],
    encoding_name: Optional[str] = None,
    threads: Optional[int] = 1,
) -> dict: ...
def list_statement_files(root: str) -> dict: ...
