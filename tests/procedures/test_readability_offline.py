"""Reading grades work with no network: textstat must not try to download anything.

textstat 0.7.13 downloads NLTK's CMU dictionary on first use and raises
``LookupError`` offline; `procedures.readability` gives it the dictionary from
procedures/data/cmu_stress.txt.gz. The `no_network` fixture (tests/procedures/conftest.py)
blocks sockets, hides any NLTK data and empties every cache, so a download attempt fails here.
"""

import importlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import textstat
import textstat.backend.utils

from procedures import readability
from procedures.readability import grade_text

from .readability_texts import DENSE, PLAIN

ROOT = Path(__file__).resolve().parents[2]


def test_grades_from_a_cold_dictionary_with_no_network(no_network):
    assert readability.cmu_stress_patterns.cache_info().currsize == 0
    assert grade_text(PLAIN).grade < 6
    assert grade_text(DENSE).grade > 14
    assert readability.cmu_stress_patterns.cache_info().currsize == 1


def test_textstat_on_its_own_tries_to_download_and_fails_offline(no_network, monkeypatch):
    """The control: without this project's dictionary, the same call fails here."""
    counter = importlib.import_module("textstat.backend.counts._count_syllables")
    monkeypatch.setattr(counter, "get_cmudict", textstat.backend.utils.get_cmudict)
    with pytest.raises(LookupError):
        textstat.flesch_kincaid_grade(DENSE)


def test_a_fresh_interpreter_grades_with_no_network(tmp_path):
    """A new process: fresh imports, nothing cached, sockets refused before anything loads."""
    script = textwrap.dedent(
        f"""
        import socket

        def refuse(self, *args, **kwargs):
            raise OSError("network access is disabled in this test")

        socket.socket.connect = refuse
        socket.socket.connect_ex = refuse

        import nltk
        nltk.data.path[:] = [{str(tmp_path)!r}]

        import django
        django.setup()
        from procedures.readability import grade_text
        print(grade_text({PLAIN!r}).grade, grade_text({DENSE!r}).grade)
        """
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test", "NLTK_DATA": str(tmp_path)}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    plain, dense = (float(value) for value in result.stdout.split())
    assert plain < 6
    assert dense > 14
