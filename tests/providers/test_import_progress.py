"""Import progress: a bar on a terminal, plain lines otherwise."""

import io

from providers.importers.base import Progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_terminal_gets_a_redrawn_bar_with_rate_and_eta():
    stream = Terminal()
    progress = Progress(total_bytes=1000, stream=stream, interval=0)
    progress.update(rows=50, offset=500)
    progress.finish(rows=100, offset=1000)
    text = stream.getvalue()
    assert text.startswith("\r[")
    assert " 50.0%" in text and "100.0%" in text
    assert "rows/s" in text and "ETA" in text
    assert text.endswith("\n")


def test_pipes_get_plain_periodic_lines():
    stream = io.StringIO()
    progress = Progress(total_bytes=1000, stream=stream, interval=0)
    progress.update(rows=50, offset=500)
    progress.update(rows=80, offset=800)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("progress: 50 rows (50.0%)")
    assert "\r" not in stream.getvalue()


def test_updates_are_throttled():
    stream = io.StringIO()
    progress = Progress(total_bytes=1000, stream=stream, interval=3600)
    for rows in range(1, 1000):
        progress.update(rows=rows, offset=rows)
    assert stream.getvalue() == ""
