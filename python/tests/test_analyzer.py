"""The Analyzer on texts written for these tests: counts, languages, groups, audit, lint, errors."""

from __future__ import annotations

import doctest
import threading

import pytest

import ctlex

ENGLISH = (
    "Foreign terrorist fighters who return from the conflict zones must be prosecuted. "
    "The financing of terrorism through hawala networks and virtual assets worries us."
)
RUSSIAN = (
    "Иностранные боевики-террористы возвращаются из зон конфликтов. "
    "ОДКБ и ШОС укрепляют сотрудничество в борьбе с финансированием терроризма."
)


@pytest.fixture(scope="module")
def analyzer() -> ctlex.Analyzer:
    return ctlex.Analyzer()


def test_docstring_examples_hold():
    failed, attempted = doctest.testmod(ctlex)
    assert attempted > 0 and failed == 0


def test_bundled_themes(analyzer):
    assert analyzer.themes == sorted(analyzer.themes)
    assert len(analyzer.themes) == 12
    assert {"ftf", "financing", "regional_orgs"} <= set(analyzer.themes)
    assert set(analyzer.labels) == set(analyzer.themes)
    assert analyzer.denominator == "tokens"


def test_english_and_russian_texts_are_counted(analyzer):
    result = analyzer.analyze([ENGLISH, RUSSIAN, ""])
    english, russian, empty = result.texts
    assert (english["language"], english["detected"]) == ("en", True)
    assert (russian["language"], russian["detected"]) == ("ru", True)
    assert (empty["language"], empty["tokens"], sum(empty["hits"].values())) == ("und", 0, 0)
    assert english["tokens"] == 24
    assert russian["tokens"] == 17
    assert 0 < english["content_tokens"] < english["tokens"]
    assert 0 < russian["content_tokens"] < russian["tokens"]
    assert english["hits"]["ftf"] == 1 and russian["hits"]["ftf"] == 1
    assert english["hits"]["financing"] >= 2  # financing of terrorism, hawala, virtual assets
    assert russian["hits"]["financing"] == 1
    assert russian["hits"]["regional_orgs"] == 2  # ОДКБ, ШОС
    assert result.groups is None


def test_counts_do_not_depend_on_threads_or_batching(analyzer):
    texts = [ENGLISH, RUSSIAN] * 300
    one = analyzer.analyze(texts, threads=1)
    two = analyzer.analyze(texts, threads=2)
    alone = [analyzer.analyze([t]).texts[0] for t in texts[:2]]
    assert one.texts == two.texts
    assert one.texts[:2] == alone


def test_given_languages_label_texts(analyzer):
    result = analyzer.analyze([ENGLISH, RUSSIAN, ENGLISH], languages=["English", None, "fr"])
    labels = [(t["language"], t["detected"]) for t in result.texts]
    assert labels == [("en", False), ("ru", True), ("fr", False)]
    # The language labels the text; it does not change what is matched.
    assert result.texts[0]["hits"] == result.texts[2]["hits"]


def test_groups_add_up_and_sort_as_the_cli_sorts(analyzer):
    texts = [ENGLISH, RUSSIAN, ENGLISH, ""]
    result = analyzer.analyze(texts, groups=["b", "10", "b", 2])
    assert [g["group"] for g in result.groups] == ["2", "10", "b"]
    b = result.groups[2]
    english = result.texts[0]
    assert b["statements"] == 2
    assert b["tokens"] == 2 * english["tokens"]
    assert b["content_tokens"] == 2 * english["content_tokens"]
    assert b["hits"] == {t: 2 * n for t, n in english["hits"].items()}
    assert b["per_1000"]["ftf"] == pytest.approx(2 * 1000 / b["tokens"])
    empty = result.groups[0]
    assert empty["tokens"] == 0 and empty["per_1000"]["ftf"] is None


def test_content_denominator():
    analyzer = ctlex.Analyzer(denominator="content")
    group = analyzer.analyze([ENGLISH], groups=["x"]).groups[0]
    assert group["per_1000"]["ftf"] == pytest.approx(1000 / group["content_tokens"])
    with pytest.raises(ValueError, match="denominator"):
        ctlex.Analyzer(denominator="words")


def test_bad_arguments_are_clear(analyzer):
    with pytest.raises(ValueError, match="groups has 1 values for 2 texts"):
        analyzer.analyze([ENGLISH, RUSSIAN], groups=["a"])
    with pytest.raises(TypeError, match=r"texts\[1\] is NoneType"):
        analyzer.analyze([ENGLISH, None])
    with pytest.raises(ValueError, match="threads"):
        analyzer.analyze([ENGLISH], threads=0)


def test_matches_carry_offsets_into_the_text(analyzer):
    text = "Ёжик. " + RUSSIAN
    matches = analyzer.matches(text)
    assert [m["theme"] for m in matches] == ["ftf", "regional_orgs", "regional_orgs", "financing"]
    encoded = text.encode("utf-8")
    for m in matches:
        assert text[m["start"] : m["end"]] == m["text"]
        assert encoded[m["byte_start"] : m["byte_end"]].decode("utf-8") == m["text"]
        assert text[: m["start"]].endswith(m["before"])
        assert text[m["end"] :].startswith(m["after"])
        assert m["entry_language"] == "ru"
    assert [m["text"] for m in matches[1:3]] == ["ОДКБ", "ШОС"]
    assert matches[0]["start"] == 6
    assert analyzer.matches("") == []


def test_analysis_runs_while_other_threads_hold_the_interpreter(analyzer):
    # Counting releases the GIL: a Python thread keeps running while a big batch is counted.
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(1)

    ticker = threading.Thread(target=tick)
    ticker.start()
    try:
        before = len(ticks)
        analyzer.analyze([ENGLISH * 20, RUSSIAN * 20] * 400, threads=1)
        during = len(ticks) - before
    finally:
        stop.set()
        ticker.join()
    assert during > 0


def test_lint_of_the_bundled_lexicons_is_clean(analyzer):
    assert analyzer.lint() == []
    assert ctlex.lint() == []


def test_a_flat_lexicon_with_lint_findings(tmp_path):
    lexicon = tmp_path / "lexicon.csv"
    lexicon.write_text(
        "theme,language,pattern\n"
        "drones,en,drone*\n"
        "drones,en,drone*\n"
        "drones,ru,беспилотник*\n",
        encoding="utf-8",
    )
    analyzer = ctlex.Analyzer(lexicon)
    assert analyzer.themes == ["drones"]
    result = analyzer.analyze(["Drones and more drones.", "Беспилотники."])
    assert [t["hits"]["drones"] for t in result.texts] == [2, 1]
    findings = analyzer.lint()
    assert findings and findings == ctlex.lint(str(lexicon))
    errors = [f for f in findings if f["severity"] == "error"]
    assert errors, findings
    assert errors[0]["file"].endswith("lexicon.csv")
    assert errors[0]["line"] == 3
    assert errors[0]["text"].startswith(f"{errors[0]['file']}:3: error: ")


def test_an_invalid_lexicon_names_file_and_line(tmp_path):
    lexicon = tmp_path / "broken.csv"
    lexicon.write_text("theme,language,pattern\nweapons,en,/[unclosed/\n", encoding="utf-8")
    with pytest.raises(ctlex.LexiconError) as caught:
        ctlex.Analyzer(lexicon)
    assert "broken.csv:2" in str(caught.value)
    assert caught.value.file.endswith("broken.csv")
    assert caught.value.line == 2
    assert isinstance(caught.value, ValueError)


def test_a_missing_lexicon_is_a_file_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere.toml"):
        ctlex.Analyzer(tmp_path / "nowhere.toml")
    with pytest.raises(ValueError, match="a lexicon is a folder"):
        ctlex.Analyzer(tmp_path / "lexicon.xls")


def test_pandas_views():
    pd = pytest.importorskip("pandas", reason="pandas is not installed: the DataFrame views are untested")
    analyzer = ctlex.Analyzer()
    texts = pd.Series([ENGLISH, RUSSIAN, None]).dropna()
    groups = pd.Series(["en", "ru"])
    result = analyzer.analyze(texts, groups=groups)
    frame = result.to_pandas()
    assert list(frame.columns[:4]) == ["language", "detected", "tokens", "content_tokens"]
    assert list(frame.columns[4:]) == analyzer.themes
    assert frame["ftf"].tolist() == [1, 1]
    by_group = result.groups_to_pandas()
    assert by_group["group"].tolist() == ["en", "ru"]
    assert by_group["regional_orgs"].tolist() == [0, 2]
    rates = result.groups_to_pandas(rates=True)
    assert rates.loc[1, "regional_orgs"] == pytest.approx(2000 / result.groups[1]["tokens"])
    with pytest.raises(ValueError, match="no groups"):
        analyzer.analyze([ENGLISH]).groups_to_pandas()
