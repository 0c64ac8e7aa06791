"""Writes a General Debate corpus folder (``Session NN - YYYY/ISO3_NN_YYYY.txt``) as JSON Lines,
one speech a line with the fields ``file``, ``speaker`` (the file stem, as ``ctlex analyze``
names a speech without metadata), ``iso3``, ``session``, ``year`` and ``text``.

    python examples/spark/ungdc_to_jsonl.py ../shared/data/ungdc > ungdc.jsonl

Texts are decoded as UTF-8 (a byte order mark is dropped), as ctlex reads valid UTF-8; a file that
is not valid UTF-8 stops the conversion with its name, so nothing is silently altered. macOS
``._*`` companion files are skipped, as ctlex skips them.
"""

from __future__ import annotations

import json
import os
import re
import sys

NAME = re.compile(r"^([A-Z]{2,3})_(\d+)_(\d{4})\.txt$")


def speeches(root: str):
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(".txt") or name.startswith("._"):
                continue
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                raw = f.read()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError as e:
                raise SystemExit(f"{path}: not UTF-8 ({e})")
            match = NAME.match(name)
            iso3, session, year = match.groups() if match else ("", "", "")
            yield {
                "file": os.path.relpath(path, root),
                "speaker": name[: -len(".txt")],
                "iso3": iso3,
                "session": session,
                "year": year,
                "text": text,
            }


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = sys.stdout
    for speech in speeches(sys.argv[1]):
        out.write(json.dumps(speech, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
