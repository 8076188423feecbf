"""Run one command and write its exit code, wall time and peak RSS as JSON.

``python -m bench.rss OUT.json CMD ARG…``

Why a wrapper: Linux charges a child's ``ru_maxrss`` with the high-water mark of
the address space it exec'd from, so a child forked straight from the
benchmark (a Django process holding query results) would inherit the
benchmark's peak. This small process has nothing else running under it, so its
``RUSAGE_CHILDREN`` is the command's own peak (in KiB on Linux), give or take
this wrapper's ~10 MB.
"""

import json
import resource
import subprocess
import sys
import time


def main(argv):
    out, command = argv[0], argv[1:]
    started = time.perf_counter()
    returncode = subprocess.call(command)  # noqa: S603 - the benchmark's own commands
    seconds = time.perf_counter() - started
    maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(out, "w", encoding="utf-8") as handle:
        json.dump({"rc": returncode, "seconds": seconds, "maxrss_kib": maxrss}, handle)
    return returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
