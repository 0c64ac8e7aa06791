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


def test_docstring_examples_of_the_arrow_steps_hold():
    pytest.importorskip("pyarrow", reason="pyarrow is not installed: the Spark steps are untested")
    import ctlex.arrow

    failed, attempted = doctest.testmod(ctlex.arrow)
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
    # A flat lexicon's themes need context, and these texts have none.
    assert [t["hits_all"]["drones"] for t in result.texts] == [2, 1]
    assert [t["hits"]["drones"] for t in result.texts] == [0, 0]
    result = ctlex.Analyzer(lexicon, context="none").analyze(["Drones and more drones."])
    assert result.texts[0]["hits"]["drones"] == 2
    result = analyzer.analyze(["Terrorists use drones."])
    assert result.texts[0]["hits"]["drones"] == 1
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
    all_columns = [f"{theme}_all" for theme in analyzer.themes]
    assert list(frame.columns[:4]) == ["language", "detected", "tokens", "content_tokens"]
    assert list(frame.columns[4:]) == analyzer.themes + all_columns
    assert frame["ftf"].tolist() == [1, 1]
    assert frame["regional_orgs_all"].tolist() == [0, 2]
    by_group = result.groups_to_pandas()
    assert list(by_group.columns) == [
        "group", "statements", "tokens", "content_tokens", *analyzer.themes, *all_columns
    ]
    assert by_group["group"].tolist() == ["en", "ru"]
    assert by_group["regional_orgs"].tolist() == [0, 2]
    assert by_group["regional_orgs_all"].tolist() == [0, 2]
    rates = result.groups_to_pandas(rates=True)
    assert list(rates.columns[4:]) == analyzer.themes
    assert rates.loc[1, "regional_orgs"] == pytest.approx(2000 / result.groups[1]["tokens"])
    # A hit out of context is in the _all column only; rates are of the hits in context.
    near = ctlex.Analyzer(context="sentence").analyze([NEAR["en"]], groups=["x"])
    assert near.to_pandas().loc[0, ["afghanistan", "afghanistan_all"]].tolist() == [0, 1]
    assert near.groups_to_pandas().loc[0, ["afghanistan", "afghanistan_all"]].tolist() == [0, 1]
    assert near.groups_to_pandas(rates=True).loc[0, "afghanistan"] == 0.0
    with pytest.raises(ValueError, match="no groups"):
        analyzer.analyze([ENGLISH]).groups_to_pandas()


# A theme that needs context, with the context word in the next sentence: in context in a
# passage (and a statement), not in a sentence; counted in hits_all wherever it stands.
NEAR = {
    "en": "Afghanistan matters. Counter-terrorism must help it.",
    "ru": "Афганистан важен. Борьба с терроризмом должна ему помочь.",
}


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize(
    "context, in_context",
    [("sentence", 0), ("passage", 1), ("statement", 1), ("none", 1)],
)
def test_context_unit_decides_the_hits_in_context(language, context, in_context):
    analyzer = ctlex.Analyzer(context=context)
    assert analyzer.context == context
    counted = analyzer.analyze([NEAR[language]], groups=["g"])
    text, group = counted.texts[0], counted.groups[0]
    assert text["language"] == language
    assert (text["hits"]["afghanistan"], text["hits_all"]["afghanistan"]) == (in_context, 1)
    assert (group["hits"]["afghanistan"], group["hits_all"]["afghanistan"]) == (in_context, 1)
    assert group["per_1000"]["afghanistan"] == pytest.approx(1000 * in_context / group["tokens"])
    assert counted.context == context


def test_the_default_context_is_a_passage(analyzer):
    assert (analyzer.context, analyzer.include_procedural) == ("passage", False)
    default = analyzer.analyze([NEAR["en"], NEAR["ru"]]).texts
    assert default == ctlex.Analyzer(context="passage").analyze([NEAR["en"], NEAR["ru"]]).texts


def test_a_passage_ends_with_its_paragraph():
    text = "Afghanistan matters.\n\nCounter-terrorism must help it."
    counted = ctlex.Analyzer(context="passage").analyze([text]).texts[0]
    assert (counted["hits"]["afghanistan"], counted["hits_all"]["afghanistan"]) == (0, 1)
    counted = ctlex.Analyzer(context="statement").analyze([text]).texts[0]
    assert (counted["hits"]["afghanistan"], counted["hits_all"]["afghanistan"]) == (1, 1)


def test_hits_in_context_never_exceed_hits_anywhere(analyzer):
    for counted in analyzer.analyze([ENGLISH, RUSSIAN, NEAR["en"], ""]).texts:
        assert set(counted["hits"]) == set(counted["hits_all"]) == set(analyzer.themes)
        assert all(counted["hits"][t] <= counted["hits_all"][t] for t in analyzer.themes)
    everywhere = ctlex.Analyzer(context="none").analyze([ENGLISH, RUSSIAN, NEAR["ru"]]).texts
    assert all(t["hits"] == t["hits_all"] for t in everywhere)


def test_an_unknown_context_is_refused():
    with pytest.raises(ValueError, match='context must be one of "sentence", "passage", '
                       '"paragraph", "statement", "none", not "chapter"'):
        ctlex.Analyzer(context="chapter")
    with pytest.raises(ValueError, match="context must be one of"):
        ctlex.Analyzer(context="Sentence")
    assert ctlex.CONTEXT_UNITS == ("sentence", "passage", "paragraph", "statement", "none")
    for unit in ctlex.CONTEXT_UNITS:
        assert ctlex.Analyzer(context=unit).context == unit


@pytest.mark.parametrize("language", ["en", "ru"])
def test_matches_say_whether_and_why_they_are_in_context(language):
    text = NEAR[language]
    (passage,) = ctlex.Analyzer().matches(text)
    assert passage["theme"] == "afghanistan"
    assert passage["in_context"] is True
    assert passage["context"] == "террор*" if language == "ru" else "terror*"
    (sentence,) = ctlex.Analyzer(context="sentence").matches(text)
    assert (sentence["in_context"], sentence["context"]) == (False, None)
    (anywhere,) = ctlex.Analyzer(context="none").matches(text)
    assert (anywhere["in_context"], anywhere["context"]) == (True, None)
    # Out of context or not, a match is the same match.
    strip = lambda m: {k: v for k, v in m.items() if k not in ("in_context", "context")}  # noqa: E731
    assert strip(passage) == strip(sentence) == strip(anywhere)


def test_matches_add_up_to_both_measures(analyzer):
    for text in (ENGLISH, RUSSIAN, NEAR["en"], NEAR["ru"]):
        counted = analyzer.analyze([text]).texts[0]
        matches = analyzer.matches(text)
        for theme in analyzer.themes:
            of_theme = [m for m in matches if m["theme"] == theme]
            assert len(of_theme) == counted["hits_all"][theme]
            assert sum(m["in_context"] for m in of_theme) == counted["hits"][theme]


def test_procedural_sentences_count_only_when_asked():
    text = "I now give the floor to the representative of the Collective Security Treaty Organization."
    skipped = ctlex.Analyzer().analyze([text]).texts[0]
    assert (skipped["hits"]["regional_orgs"], skipped["hits_all"]["regional_orgs"]) == (0, 0)
    assert ctlex.Analyzer().matches(text) == []
    analyzer = ctlex.Analyzer(include_procedural=True)
    assert analyzer.include_procedural is True
    counted = analyzer.analyze([text]).texts[0]
    assert (counted["hits"]["regional_orgs"], counted["hits_all"]["regional_orgs"]) == (0, 1)
    assert [(m["theme"], m["in_context"]) for m in analyzer.matches(text)] == [
        ("regional_orgs", False)
    ]
