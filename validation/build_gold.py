#!/usr/bin/env python3
"""Build, summarise and check the ctlex development gold standard.

  build:  python3 validation/build_gold.py --sample /tmp/ctlex-gold/sample.jsonl \
              --codes /tmp/ctlex-gold --out validation/gold-dev.csv
          joins the sample (references + stratum) with the coder's label files
          codes-*.csv (id,themes,ct_themes,ct_from,note) into gold-dev.csv.
          Only coded items are written; no text from the data is copied.
  stats:  python3 validation/build_gold.py --stats [--gold validation/gold-dev.csv]
  check:  python3 validation/build_gold.py --check --data ../shared/data [--gold ...]
          re-reads every referenced span and confirms its blake3 hash.
  agree:  python3 validation/build_gold.py --agree CODES_A.csv CODES_B.csv
          agreement between two independent codings of the same items
          (per theme, for themes and ct_themes: counts and Cohen's kappa).
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

THEMES = [
    "afghanistan", "cells", "crime_nexus", "financing", "ftf", "human_rights",
    "law_enforcement", "prevention", "propaganda_online", "regional_orgs",
    "un_framework", "weapons",
]
COLUMNS = ["id", "language", "file", "start", "end", "hash", "passage_start", "passage_end",
           "stratum", "themes", "ct_themes", "ct_from", "note"]
HERE = Path(__file__).resolve().parent
DEFAULT_GOLD = HERE / "gold-dev.csv"


def split_ids(v: str) -> list[str]:
    return [t for t in (v or "").split(";") if t.strip()]


def validate_row(code: dict) -> list[str]:
    errs = []
    th, ct = split_ids(code["themes"]), split_ids(code["ct_themes"])
    for t in th + ct:
        if t not in THEMES:
            errs.append(f"unknown theme {t!r}")
    if not set(ct) <= set(th):
        errs.append("ct_themes not a subset of themes")
    cf = code.get("ct_from", "")
    if ct and cf not in ("sentence", "passage"):
        errs.append("ct_from must be sentence|passage when ct_themes is set")
    if not ct and cf:
        errs.append("ct_from must be empty when ct_themes is empty")
    return errs


def build(args) -> int:
    items = [json.loads(l) for l in Path(args.sample).read_text(encoding="utf-8").splitlines() if l.strip()]
    codes = {}
    bad = 0
    for f in sorted(Path(args.codes).glob("codes-*.csv")):
        with f.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                rid = row["id"].strip()
                row = {k: (v or "").strip() for k, v in row.items() if k}
                row["themes"] = ";".join(sorted(set(split_ids(row.get("themes", ""))), key=THEMES.index)
                                         ) if all(t in THEMES for t in split_ids(row.get("themes", ""))) else row.get("themes", "")
                row["ct_themes"] = ";".join(sorted(set(split_ids(row.get("ct_themes", ""))), key=THEMES.index)
                                            ) if all(t in THEMES for t in split_ids(row.get("ct_themes", ""))) else row.get("ct_themes", "")
                errs = validate_row(row)
                if errs:
                    bad += 1
                    print(f"{f.name}: {rid}: {'; '.join(errs)}", file=sys.stderr)
                if rid in codes:
                    print(f"{f.name}: {rid}: coded twice, keeping the first", file=sys.stderr)
                    continue
                codes[rid] = row
    ids = {it["id"] for it in items}
    for rid in codes:
        if rid not in ids:
            print(f"code for unknown id {rid}", file=sys.stderr)
            bad += 1
    out = Path(args.out)
    n = 0
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(COLUMNS)
        for it in items:
            c = codes.get(it["id"])
            if c is None:
                continue
            w.writerow([it["id"], it["language"], it["file"], it["start"], it["end"], it["hash"],
                        it["passage_start"], it["passage_end"], it["stratum"],
                        c.get("themes", ""), c.get("ct_themes", ""), c.get("ct_from", ""), c.get("note", "")])
            n += 1
    print(f"wrote {out}: {n} coded of {len(items)} sampled "
          f"({Counter(it['language'] for it in items if it['id'] in codes)} coded)", file=sys.stderr)
    return 1 if bad else 0


def read_gold(path) -> list[dict]:
    with Path(path).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def stats(args) -> int:
    rows = read_gold(args.gold)
    langs = sorted({r["language"] for r in rows})
    print(f"gold: {args.gold if args.gold != DEFAULT_GOLD else 'validation/gold-dev.csv'}")
    print("items: " + ", ".join(f"{l} {sum(r['language'] == l for r in rows)}" for l in langs)
          + f", all {len(rows)}")
    for l in langs:
        lr = [r for r in rows if r["language"] == l]
        none = sum(not split_ids(r["themes"]) for r in lr)
        anyct = sum(bool(split_ids(r["ct_themes"])) for r in lr)
        pas = sum(r["ct_from"] == "passage" for r in lr)
        print(f"{l}: no theme {none}, some ct_theme {anyct} (ct_from=passage {pas})")
    print()
    print(f"{'theme':<18}" + "".join(f"{l + ' themes':>12}{l + ' ct':>8}" for l in langs))
    for t in THEMES:
        line = f"{t:<18}"
        for l in langs:
            lr = [r for r in rows if r["language"] == l]
            line += f"{sum(t in split_ids(r['themes']) for r in lr):>12}{sum(t in split_ids(r['ct_themes']) for r in lr):>8}"
        print(line)
    return 0


def check(args) -> int:
    import blake3
    root = Path(args.data)
    rows = read_gold(args.gold)
    cache = {}
    bad = 0
    for r in rows:
        f = r["file"]
        if f not in cache:
            p = root / f
            if not p.exists():
                print(f"{r['id']}: missing file {f}", file=sys.stderr)
                bad += 1
                cache[f] = None
                continue
            cache[f] = p.read_bytes()
        data = cache[f]
        if data is None:
            bad += 1
            continue
        s, e, ps, pe = int(r["start"]), int(r["end"]), int(r["passage_start"]), int(r["passage_end"])
        if not (0 <= ps <= s < e <= pe <= len(data)):
            print(f"{r['id']}: bad offsets", file=sys.stderr)
            bad += 1
            continue
        h = blake3.blake3(data[s:e]).hexdigest()[:16]
        if h != r["hash"]:
            print(f"{r['id']}: hash mismatch in {f} [{s},{e}): {h} != {r['hash']}", file=sys.stderr)
            bad += 1
        try:
            data[s:e].decode("utf-8")
        except UnicodeDecodeError:
            print(f"{r['id']}: span is not valid UTF-8", file=sys.stderr)
            bad += 1
    print(f"checked {len(rows)} spans: {len(rows) - bad} ok, {bad} bad")
    return 1 if bad else 0


def read_codes(path) -> dict:
    with Path(path).open(encoding="utf-8", newline="") as fh:
        return {r["id"].strip(): r for r in csv.DictReader(fh)}


def kappa(a: int, b: int, c: int, d: int) -> float | None:
    """Cohen's kappa for a 2x2 table: a both yes, b A only, c B only, d both no."""
    n = a + b + c + d
    if n == 0:
        return None
    po = (a + d) / n
    pe = ((a + b) * (a + c) + (c + d) * (b + d)) / (n * n)
    return None if pe == 1 else (po - pe) / (1 - pe)


def agree(args) -> int:
    A, B = read_codes(args.agree[0]), read_codes(args.agree[1])
    ids = sorted(set(A) & set(B))
    print(f"items coded by both: {len(ids)}")
    for col in ("themes", "ct_themes"):
        exact = sum(set(split_ids(A[i][col])) == set(split_ids(B[i][col])) for i in ids)
        print(f"\n{col}: identical label sets on {exact} of {len(ids)} items")
        print(f"{'theme':<18}{'both':>6}{'A only':>8}{'B only':>8}{'kappa':>8}")
        for t in THEMES:
            a = sum(t in split_ids(A[i][col]) and t in split_ids(B[i][col]) for i in ids)
            b = sum(t in split_ids(A[i][col]) and t not in split_ids(B[i][col]) for i in ids)
            c = sum(t not in split_ids(A[i][col]) and t in split_ids(B[i][col]) for i in ids)
            k = kappa(a, b, c, len(ids) - a - b - c)
            ks = "-" if k is None or (a + b + c) == 0 else f"{k:.2f}"
            print(f"{t:<18}{a:>6}{b:>8}{c:>8}{ks:>8}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sample", default="/tmp/ctlex-gold/sample.jsonl")
    ap.add_argument("--codes", default="/tmp/ctlex-gold")
    ap.add_argument("--out", default=str(DEFAULT_GOLD))
    ap.add_argument("--gold", default=DEFAULT_GOLD)
    ap.add_argument("--stats", action="store_true")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--data", help="data root for --check (../shared/data)")
    ap.add_argument("--agree", nargs=2, metavar=("CODES_A", "CODES_B"),
                    help="compare two independent codings of the same items")
    args = ap.parse_args()
    if args.agree:
        return agree(args)
    if args.check:
        if not args.data:
            ap.error("--check needs --data")
        return check(args)
    if args.stats:
        return stats(args)
    return build(args)


if __name__ == "__main__":
    sys.exit(main())
