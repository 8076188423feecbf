"""The install is the tested one: requirements.lock pins what pyproject.toml asks for.

`make install` installs requirements.lock with `--require-hashes`, so a dependency
added to pyproject.toml but not locked fails the install; these tests fail earlier and
say which package, and they fail when the lock drifts from pyproject.toml's ranges or
from what is installed in this virtualenv. `make lock` rewrites the lock.
"""

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
LOCK_LINE = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def locked():
    """{name: version} for the lock's lines that apply to this interpreter and platform."""
    env = default_environment()
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        match = LOCK_LINE.match(line)
        if not match:
            continue
        name, version, marker = match.groups()
        if marker and not Requirement(f"x; {marker}").marker.evaluate(env):
            continue
        pins[canonicalize_name(name)] = version
    return pins


def declared():
    """Every requirement the project states: dependencies, dev extras, build system, tools."""
    project = PYPROJECT["project"]
    lines = [
        *project["dependencies"],
        *project["optional-dependencies"]["dev"],
        *PYPROJECT["build-system"]["requires"],
    ]
    for line in (ROOT / "requirements-tools.in").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            lines.append(line)
    return [Requirement(line) for line in lines]


def applies(req, extras):
    """Whether a requirement's marker holds here, for any of the extras asked of its parent."""
    if req.marker is None:
        return True
    env = default_environment()
    return any(req.marker.evaluate({**env, "extra": extra}) for extra in extras or {""})


def closure(requirements):
    """The names of the installed distributions these requirements pull in, extras applied."""
    extras_of = {}
    pending = [(req, {""}) for req in requirements]
    while pending:
        req, parent_extras = pending.pop()
        if not applies(req, parent_extras):
            continue
        name = canonicalize_name(req.name)
        known = extras_of.get(name)
        if known is not None and req.extras <= known:
            continue
        extras_of[name] = (known or set()) | set(req.extras)
        for line in metadata.distribution(req.name).requires or []:
            pending.append((Requirement(line), extras_of[name]))
    return set(extras_of)


def test_every_declared_requirement_is_locked_within_its_range():
    pins = locked()
    problems = []
    for req in declared():
        version = pins.get(canonicalize_name(req.name))
        if version is None:
            problems.append(f"{req.name}: in pyproject.toml, not in requirements.lock")
        elif not req.specifier.contains(version, prereleases=True):
            problems.append(f"{req.name}: locked {version}, pyproject.toml asks {req.specifier}")
    assert not problems, "run `make lock`:\n" + "\n".join(problems)


def test_every_major_has_an_upper_bound():
    """Compatible ranges, never an open-ended `>=` that lets a new major in (sentry-sdk 3)."""
    open_ended = [
        str(req)
        for req in declared()
        if not any(spec.operator in {"<", "<=", "==", "~=", "==="} for spec in req.specifier)
    ]
    assert not open_ended


def test_the_lock_holds_exactly_what_the_declared_requirements_pull_in():
    pins = locked()
    needed = closure(declared())
    assert not needed - set(pins), "required but not locked (run `make lock`)"
    assert not set(pins) - needed, "locked but required by nothing (run `make lock`)"


@pytest.mark.parametrize("name", sorted(locked()))
def test_the_virtualenv_has_the_locked_version(name):
    """`make install` installed the lock, not whatever was newest on PyPI."""
    assert metadata.version(name) == locked()[name]
