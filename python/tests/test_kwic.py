"""``ctlex.kwic``: one pattern's hits in context, the same as ``ctlex kwic`` on the sample corpus."""

from __future__ import annotations

import pytest

import ctlex

from conftest import run_cli, sample_statements


def test_hits_come_with_their_place_and_context():
    texts = ["Nothing.", "One terrorist cell.\nA second terrorist cell here."]
    hits = ctlex.kwic("cell", texts, width=8)
    assert [(h["text"], h["line"], h["before"], h["match"], h["after"]) for h in hits] == [
        (1, 1, "rrorist ", "cell", ". A seco"),
        (1, 2, "rrorist ", "cell", " here."),
    ]
    assert [texts[1][h["start"] : h["end"]] for h in hits] == ["cell", "cell"]


def test_in_context_keeps_the_hits_licensed_by_context():
    text = "Weapons were sold at the fair. Terrorists bought weapons."
    everything = ctlex.kwic("weapon", [text], context="sentence")
    assert [h["in_context"] for h in everything] == [False, True]
    assert [h["context"] is None for h in everything] == [True, False]
    kept = ctlex.kwic("weapon", [text], context="sentence", in_context=True)
    assert [h["start"] for h in kept] == [everything[1]["start"]]
    assert all(h["in_context"] for h in ctlex.kwic("weapon", [text], context="none"))


def test_an_invalid_pattern_names_the_character_at_fault():
    with pytest.raises(ValueError, match="at character 6: NEAR needs a distance"):
        ctlex.kwic("cell NEAR/0 terror", ["text"])
    with pytest.raises(ValueError, match="context must be one of"):
        ctlex.kwic("cell", ["text"], context="chapter")


@pytest.mark.parametrize("pattern", ["terror*", "финансирова*"])
def test_the_hits_are_those_of_the_command_line(ctlex_bin, pattern):
    rows = run_cli(ctlex_bin, "kwic", pattern, "corpus", "--format", "csv", "-q", "--width", "30")
    statements = sample_statements()
    hits = ctlex.kwic(pattern, [s["text"] for s in statements], width=30)
    ours = [
        (statements[h["text"]]["file"], h["line"], h["start"], h["end"], h["before"], h["match"],
         h["after"], str(h["in_context"]).lower())
        for h in hits
    ]
    theirs = [
        (r["doc"], int(r["line"]), int(r["start"]), int(r["end"]), r["before"], r["match"],
         r["after"], r["in_context"])
        for r in rows
    ]
    assert ours == theirs
