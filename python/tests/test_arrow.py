"""The executors' steps of the Spark job without Spark (:mod:`ctlex.arrow`): files read from
their bytes count as ``ctlex analyze`` counts their folder, with the same problems, and texts in
Arrow arrays (sliced, with nulls, with 64-bit offsets) count as ``Analyzer.analyze`` counts them.
Corpus folders are written here, in pytest's temporary folders."""

from __future__ import annotations

import pytest

import ctlex

from conftest import run_cli, sample_statements

pa = pytest.importorskip("pyarrow", reason="pyarrow is not installed: the Spark steps are untested")

from ctlex.arrow import COUNT_COLUMNS, count_files, count_texts, hit_columns, relative_paths  # noqa: E402


def write_general_debate(root):
    """A General Debate folder: the sample statements as speeches of two sessions, one in
    Windows-1252, one with a byte order mark, one binary file and one delegation code that is
    not in the table."""
    texts = [s["text"] for s in sample_statements()]
    codes = ["FRA", "RUS", "CHN", "GBR", "USA", "KAZ", "XXK"]
    for number, year in ((70, 2015), (71, 2016)):
        session = root / f"Session {number} - {year}"
        session.mkdir(parents=True)
        for i, code in enumerate(codes):
            text = texts[(i + number) % len(texts)]
            (session / f"{code}_{number}_{year}.txt").write_text(text, encoding="utf-8")
    (root / "Session 70 - 2015" / "DEU_70_2015.txt").write_bytes(
        "Caf\u00e9 terrorism \u2013 financing must stop.\n".encode("cp1252")
    )
    (root / "Session 71 - 2016" / "ITA_71_2016.txt").write_bytes(
        "\ufeffTerrorist fighters return home.".encode("utf-8")
    )
    (root / "Session 71 - 2016" / "ESP_71_2016.txt").write_bytes(b"\x00\x01 not text \x00")
    return sorted(root.rglob("*.txt"))


def file_batches(paths, size=5):
    """The files as Spark's ``binaryFile`` source hands them over: ``path`` as a ``file:`` URI,
    ``content`` the bytes; ``size`` files a batch."""
    for start in range(0, len(paths), size):
        chosen = paths[start:start + size]
        yield pa.record_batch({
            "path": pa.array([f"file:{p}" for p in chosen], pa.string()),
            "content": pa.array([p.read_bytes() for p in chosen], pa.binary()),
        })


def summed(batches, by):
    """The counted batches summed per group, as Spark sums them: group values → counts."""
    table = pa.Table.from_batches(batches)
    names = [c for c in table.column_names if c not in by]
    sums = table.group_by(by).aggregate([(c, "sum") for c in names]).to_pylist()
    return {tuple(r[c] for c in by): {c: r[f"{c}_sum"] for c in names} for r in sums}


@pytest.mark.parametrize("by", [["delegation", "year"], ["speaker"]])
def test_files_read_from_bytes_count_as_the_cli_counts_their_folder(ctlex_bin, tmp_path, by):
    root = tmp_path / "gd"
    paths = write_general_debate(root)
    analyzer = ctlex.Analyzer()
    counted, problems, notes = [], [], []
    for batch in file_batches(paths):
        out, found, noted = count_files(batch, analyzer, by, [str(root)], "ungdc")
        assert out.column_names == [*by, *COUNT_COLUMNS, *hit_columns(analyzer.themes)]
        counted.append(out)
        problems += found
        notes += noted
    sums = summed(counted, by)
    # Read by path from this file system rather than from the bytes: the same counts.
    by_path = [
        count_files(batch.select(["path"]), analyzer, by, [str(root)], "ungdc")[0]
        for batch in file_batches(paths)
    ]
    assert summed(by_path, by) == sums

    # The binary file is a problem: the CLI exits with 2.
    cli = run_cli(ctlex_bin, "analyze", "-q", str(root), "--by", ",".join(by), allowed=(2,))
    assert len(sums) == len(cli) > 2
    columns = ["tokens", *hit_columns(analyzer.themes)]
    for row in cli:
        group = sums[tuple(row[c] for c in by)]
        assert {c: group[c] for c in columns} == {c: int(row[c]) for c in columns}, row
    assert sum(g["statements"] for g in sums.values()) == len(paths) - 1
    assert any(g["financing"] for g in sums.values())

    # The problems read_corpus (the CLI's readers on the folder) reports, and its notes.
    frame = ctlex.read_corpus(root, layout="ungdc")
    assert problems == frame.attrs["problems"]
    assert [p["kind"] for p in problems] == ["binary"]
    assert any("XXK" in note for note in notes)


def test_records_read_from_bytes_are_split_into_the_turns_the_cli_counts(ctlex_bin, tmp_path):
    from test_readers import RECORD

    (tmp_path / "records").mkdir()
    record = tmp_path / "records" / "S_PV.9990.txt"
    record.write_text(RECORD, encoding="utf-8")
    analyzer = ctlex.Analyzer()
    (batch,) = file_batches([record])
    out, problems, _ = count_files(batch, analyzer, ["speaker"], [str(tmp_path / "records")], "record")
    assert problems == []
    sums = summed([out], ["speaker"])
    cli = run_cli(ctlex_bin, "analyze", "-q", str(tmp_path / "records"), "--by", "speaker")
    assert sorted(sums) == sorted((r["speaker"],) for r in cli)
    for row in cli:
        group = sums[(row["speaker"],)]
        assert [group["tokens"], group["ftf"]] == [int(row["tokens"]), int(row["ftf"])]


def test_bad_layouts_and_fields_are_refused_with_the_cli_message(tmp_path):
    (batch,) = file_batches(write_general_debate(tmp_path / "gd")[:1])
    analyzer = ctlex.Analyzer()
    with pytest.raises(ValueError, match="no column `meeting`"):
        count_files(batch, analyzer, ["meeting"], [str(tmp_path)], "ungdc")
    with pytest.raises(ValueError, match="cannot be read one by one"):
        count_files(batch, analyzer, ["speaker"], [str(tmp_path)], "text")


def test_texts_in_arrow_arrays_count_as_analyze_counts_them():
    statements = sample_statements()
    texts = [s["text"] for s in statements]
    analyzer = ctlex.Analyzer()
    expected = analyzer.analyze(texts).texts
    # Sliced (an offset into the buffers), with a null, and with 64-bit offsets.
    for kind in (pa.string(), pa.large_string()):
        column = pa.array(["(not counted)", *texts, None], kind).slice(1)
        speakers = pa.array([s["speaker"] for s in statements] + [None])
        batch = pa.record_batch({"speaker": speakers, "text": column})
        out = count_texts(batch, analyzer, ["speaker"]).to_pydict()
        assert out["speaker"] == [s["speaker"] for s in statements]
        assert out["statements"] == [1] * len(texts)
        assert out["tokens"] == [t["tokens"] for t in expected]
        for theme in analyzer.themes:
            assert out[theme] == [t["hits"][theme] for t in expected]
            assert out[f"{theme}_all"] == [t["hits_all"][theme] for t in expected]


def test_file_locations_are_made_relative_to_the_input_holding_them():
    roots = ["/data/gd", "file:///data/gd/Session 70 - 2015", "s3a://bucket/corpus"]
    assert relative_paths(
        [
            "file:/data/gd/Session 71 - 2016/FRA_71_2016.txt",
            "file:/data/gd/Session 70 - 2015/FRA_70_2015.txt",
            "s3a://bucket/corpus/a/b.txt",
            "file:/elsewhere/c.txt",
        ],
        roots,
    ) == ["Session 71 - 2016/FRA_71_2016.txt", "FRA_70_2015.txt", "a/b.txt", "c.txt"]


def test_the_files_of_a_folder_are_listed_as_the_cli_walks_it(tmp_path):
    from ctlex._ctlex import list_statement_files

    root = tmp_path / "gd"
    paths = write_general_debate(root)
    (root / "Session 70 - 2015" / "minutes.pdf").write_bytes(b"%PDF-1.4")
    (root / "README.md").write_text("About this corpus.")
    listed = list_statement_files(str(root))
    assert [f[0] for f in listed["files"]] == [str(p) for p in paths]
    assert [f[1] for f in listed["files"]] == relative_paths([str(p) for p in paths], [str(root)])
    assert [f[2] for f in listed["files"]] == [p.stat().st_size for p in paths]
    frame = ctlex.read_corpus(root, layout="ungdc")
    not_read = [p for p in frame.attrs["problems"] if p["kind"] == "not_read"]
    assert listed["problems"] == not_read != []
    assert any("README.md" in note for note in listed["notes"])
    with pytest.raises(FileNotFoundError, match="absent"):
        list_statement_files(str(tmp_path / "absent"))
