"""Rebuild procedures/data/cmu_stress.txt.gz from a CMU Pronouncing Dictionary file.

    python scripts/build_cmu_stress.py path/to/cmudict.dict

The dictionary (https://github.com/cmusphinx/cmudict, BSD-style licence, kept next to
the output as CMUDICT-LICENSE) lists pronunciations; the reading grade only needs how
many syllables a word has, i.e. the stress digits of its first pronunciation. One
"word digits" line per word, gzipped: ~1 MB instead of a 3.6 MB file or a GPL-licensed
wrapper package.
"""

import gzip
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "procedures" / "data" / "cmu_stress.txt.gz"


def stress_patterns(lines):
    seen = set()
    for raw in lines:
        fields = raw.split("#", 1)[0].split()
        # "word(2) …" lines are alternative pronunciations; textstat reads the first.
        if not fields or fields[0].endswith(")") or fields[0] in seen:
            continue
        seen.add(fields[0])
        yield fields[0], "".join(phone[-1] for phone in fields[1:] if phone[-1].isdigit())


def main(source):
    lines = Path(source).read_text(encoding="utf-8").splitlines()
    text = "".join(f"{word} {digits}\n" for word, digits in stress_patterns(lines))
    # mtime=0: the same dictionary always gives the same bytes.
    OUTPUT.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{OUTPUT}: {text.count(chr(10)):,} words")  # noqa: T201 - a script's report


if __name__ == "__main__":
    main(sys.argv[1])
