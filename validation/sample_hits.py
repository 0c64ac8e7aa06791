#!/usr/bin/env python3
"""Draw, and check, a judged sample of counted hits on the General Debate.

  draw:   python3 validation/sample_hits.py --draw --data ../shared/data \
              [--ctlex target/release/ctlex] [--out /tmp/ctlex-hits]
          runs `ctlex analyze --by doc --matches` on UNGDC sessions 70-79, keeps
          the hits that count in `hits` (in_context=true), draws 50 per theme in a
          stable order and writes/updates validation/ungdc-hits.csv (references
          and judgements only) plus reading files with text under --out.
  apply:  python3 validation/sample_hits.py --apply /tmp/ctlex-hits/codes/codes-*.csv
          copies judgements from coding files (id,judgement,note) into the CSV.
  check:  python3 validation/sample_hits.py --check --data ../shared/data
          re-reads every drawn reference, confirms its hash, and prints per
          theme the share of hits judged counter-terrorism discourse.

Passage and hash: the passage is the paragraph the hit is read in (as in
gold-dev.csv); `hash` is the first 16 hex digits of blake3 of its bytes.

Stable order: a theme's hits are sorted by blake3(SALT, file, byte start,
theme) and the first N are taken.  The key of a hit does not depend on the
other hits, so when the lexicons change, a hit that is still counted keeps its
key and its rank among the survivors; new hits slot in between.  Old
judgements are kept by id (the key), so a redraw only asks for the new items.
"""
from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import blake3

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from sample import byte_off, norm, paragraphs, read_text, split_sentences  # noqa: E402

THEMES = [
    "afghanistan", "cells", "crime_nexus", "financing", "ftf", "human_rights",
    "law_enforcement", "prevention", "propaganda_online", "regional_orgs",
    "un_framework", "weapons",
]
SESSIONS = [f"Session {n} - {n + 1945}" for n in range(70, 80)]
SALT = b"ctlex-ungdc-hits-v1"
PER_THEME = 50
TARGET = 0.90
DEFAULT_CSV = HERE / "ungdc-hits.csv"
COLUMNS = ["id", "theme", "entry", "file", "start", "end", "hash", "passage_start",
           "passage_end", "context_entry", "judgement", "note", "status"]


def key(file: str, bstart: int, theme: str) -> str:
    h = blake3.blake3(SALT)
    h.update(b"\0" + file.encode("utf-8") + b"\0" + str(bstart).encode() + b"\0" + theme.encode())
    return h.hexdigest()


def short_hash(b: bytes) -> str:
    return blake3.blake3(b).hexdigest()[:16]


def passage_of(text: str, cs: int, ce: int):
    """(sentence span, passage span) in chars for the hit [cs, ce).  The passage is
    the paragraph the hit is read in, as in gold-dev.csv: a blank-line block, or
    one line where a block is made of long unwrapped lines; in paragraphs over
    3,000 characters, the sentence with two sentences before and after."""
    for ps, pe in paragraphs(text):
        if ps <= cs < pe:
            sents = list(split_sentences(text, ps, pe))
            for i, (ss, se) in enumerate(sents):
                if cs < se or i == len(sents) - 1:
                    if pe - ps > 3000:
                        ps, pe = sents[max(0, i - 2)][0], sents[min(len(sents) - 1, i + 2)][1]
                    return (ss, se), (ps, pe)
    return (cs, ce), (cs, ce)


def run_ctlex(ctlex: str, root: Path, tmp: Path) -> list[dict]:
    rows = []
    for sess in SESSIONS:
        d = root / "ungdc" / sess
        out = tmp / (sess.replace(" ", "_") + ".csv")
        subprocess.run([ctlex, "analyze", "-q", str(d), "--by", "doc", "--matches", str(out),
                        "-o", str(tmp / "table.csv")], check=True)
        with out.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                r["file"] = f"ungdc/{sess}/{r['statement']}"
                rows.append(r)
    return rows


def load_csv(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_csv(path: Path, rows: list[dict]) -> None:
    rows = sorted(rows, key=lambda r: (r["status"] != "drawn", THEMES.index(r["theme"]), int(r["rank"] or 10**9), r["id"]))
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def draw(args) -> int:
    root = Path(args.data)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        hits = run_ctlex(args.ctlex, root, Path(tmp))
    texts: dict[str, str] = {}
    by_theme: dict[str, dict[str, dict]] = defaultdict(dict)
    mismatched = 0
    for r in hits:
        if r["in_context"] != "true":
            continue
        f = r["file"]
        if f not in texts:
            texts[f] = read_text(root / f)
        t = texts[f]
        cs, ce = int(r["start"]), int(r["end"])
        # the statement text is the file's whole text: the char span must give the match
        if norm(t[cs:ce]) != norm(r["text"]):
            mismatched += 1
            continue
        bs = byte_off(t, cs)
        k = key(f, bs, r["theme"])
        by_theme[r["theme"]].setdefault(k, dict(r, key=k, bstart=bs, cs=cs, ce=ce))
    if mismatched:
        print(f"warning: {mismatched} hits whose offsets do not give their text, skipped", file=sys.stderr)

    old = {r["id"]: r for r in load_csv(Path(args.csv))}
    new_rows, read = [], defaultdict(list)
    for theme in THEMES:
        pool = sorted(by_theme.get(theme, {}).values(), key=lambda h: h["key"])
        print(f"{theme:18} in-context hits {len(pool):6}", file=sys.stderr)
        for rank, h in enumerate(pool[:args.n], 1):
            rid = f"{theme}-{h['key'][:10]}"
            f, t = h["file"], texts[h["file"]]
            (ss, se), (ps, pe) = passage_of(t, h["cs"], h["ce"])
            bps, bpe = byte_off(t, ps), byte_off(t, pe)
            raw = (root / f).read_bytes()
            prev = old.pop(rid, {})
            row = {
                "id": rid, "theme": theme, "entry": h["entry"], "file": f,
                "start": h["bstart"], "end": byte_off(t, h["ce"]),
                "hash": short_hash(raw[bps:bpe]), "passage_start": bps, "passage_end": bpe,
                "context_entry": h["context"], "judgement": prev.get("judgement", ""),
                "note": prev.get("note", ""), "status": "drawn", "rank": rank,
            }
            new_rows.append(row)
            if not row["judgement"]:
                marked = (t[ps:ss] + "⟦" + t[ss:h["cs"]] + "[[" + t[h["cs"]:h["ce"]] + "]]"
                          + t[h["ce"]:se] + "⟧" + t[se:pe])
                read[theme].append(f"## {rid} | {theme} | entry: {h['entry']} | text: {norm(h['text'])}\n"
                                   f"{norm(marked)}\n")
    for r in old.values():  # no longer drawn: keep the judgement, out of the figures
        r["status"], r["rank"] = "dropped", ""
        new_rows.append(r)
    write_csv(Path(args.csv), new_rows)
    for theme in THEMES:
        p = out / f"read-{theme}.txt"
        if read[theme]:
            p.write_text("\n".join(read[theme]), encoding="utf-8")
        elif p.exists():
            p.unlink()
    todo = sum(len(v) for v in read.values())
    print(f"wrote {args.csv}: {len(new_rows)} rows, {todo} to judge (reading files in {out})", file=sys.stderr)
    return 0


def check(args) -> int:
    root = Path(args.data)
    rows = load_csv(Path(args.csv))
    stale = missing = 0
    raws: dict[str, bytes] = {}
    per = {t: Counter() for t in THEMES}
    for r in rows:
        if r["status"] != "drawn":
            continue
        f = r["file"]
        if f not in raws:
            p = root / f
            raws[f] = p.read_bytes() if p.exists() else b""
        raw = raws[f]
        s, e, ps, pe = (int(r[c]) for c in ("start", "end", "passage_start", "passage_end"))
        if not (ps <= s < e <= pe <= len(raw)) or short_hash(raw[ps:pe]) != r["hash"]:
            stale += 1
            print(f"stale reference: {r['id']} ({f} {ps}-{pe})")
            continue
        j = r["judgement"]
        if j not in ("ct", "not"):
            missing += 1
            per[r["theme"]]["missing"] += 1
            continue
        per[r["theme"]]["judged"] += 1
        per[r["theme"]][j] += 1
    print(f"{'theme':18} {'judged':>6} {'ct':>4} {'share':>6}  >=90%")
    tj = tc = 0
    for t in THEMES:
        c = per[t]
        j, ct = c["judged"], c["ct"]
        tj, tc = tj + j, tc + ct
        share = f"{ct / j:6.2f}" if j else "     -"
        ok = ("yes" if ct / j >= TARGET else "no") if j else "-"
        extra = f"  ({c['missing']} not judged)" if c["missing"] else ""
        print(f"{t:18} {j:6} {ct:4} {share}  {ok}{extra}")
    print(f"{'all':18} {tj:6} {tc:4} {(tc / tj if tj else 0):6.2f}")
    print(f"references: {sum(1 for r in rows if r['status'] == 'drawn')} drawn, {stale} stale, "
          f"{missing} not judged; {sum(1 for r in rows if r['status'] != 'drawn')} dropped rows kept")
    return 1 if stale or missing else 0


def apply(args) -> int:
    rows = load_csv(Path(args.csv))
    by_id = {r["id"]: r for r in rows}
    bad = n = 0
    for f in args.apply:
        with open(f, encoding="utf-8", newline="") as fh:
            for c in csv.DictReader(fh):
                rid, j = c["id"].strip(), c["judgement"].strip()
                if rid not in by_id or j not in ("ct", "not"):
                    bad += 1
                    print(f"{f}: bad row {rid!r} {j!r}", file=sys.stderr)
                    continue
                by_id[rid]["judgement"], by_id[rid]["note"] = j, (c.get("note") or "").strip()
                n += 1
    for r in rows:
        r["rank"] = ""
    with Path(args.csv).open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"applied {n} judgements, {bad} bad rows", file=sys.stderr)
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--draw", action="store_true")
    g.add_argument("--check", action="store_true")
    g.add_argument("--apply", metavar="CODES", nargs="+",
                   help="copy judgements from coding files (id,judgement,note) into the CSV")
    ap.add_argument("--data", default="../shared/data", help="data root holding ungdc/")
    ap.add_argument("--ctlex", default="target/release/ctlex")
    ap.add_argument("--out", default="/tmp/ctlex-hits", help="scratch reading files (text; never commit)")
    ap.add_argument("--csv", default=str(DEFAULT_CSV))
    ap.add_argument("-n", type=int, default=PER_THEME, help="hits per theme")
    args = ap.parse_args()
    if args.apply:
        return apply(args)
    return draw(args) if args.draw else check(args)


if __name__ == "__main__":
    sys.exit(main())
