"""The apps depend on each other in one direction (docs/architecture.md).

    cms (the project's wiring: settings, urls, API router, OpenAPI, WSGI)
      -> home -> webhooks -> procedures -> costs -> editorial | providers -> core

Every import counts, including those inside functions: an import hidden in a
function to dodge a circle is still a dependency. Lower layers refer to higher
ones only by app label ("procedures.ProcedurePage"), as Django's ForeignKeys do.
Each top-level package is one layer, so the picture needs no list of exceptions;
`editorial` and `providers` share a layer and so may not import each other.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Higher number = higher layer; a module may import its own package and lower layers.
LAYERS = {
    # Site-wide helpers (routing, SEO, HTTP caching, API parameters and errors, the
    # client address, identifiers) that every app may use and that import no app.
    "core": 0,
    "providers": 1,
    "editorial": 1,
    # What Medicare pays (fee schedule, facility rates, each doctor's averages): reads
    # the directory's import runs and providers; fills in `providers.extensions` so the
    # directory's pages show its figures without importing it.
    "costs": 1.5,
    "procedures": 2,
    # Reacts to procedures, articles and providers being published (it names them by
    # app label, but may import them); nothing below it knows it exists.
    "webhooks": 3,
    "home": 4,
    # The project's wiring mounts every app's URLs, views and API endpoints.
    "cms": 5,
}
APPS = tuple(LAYERS)


def layer(module):
    """The package (layer) a project module belongs to, or None for anything else."""
    top = module.split(".")[0]
    return top if top in LAYERS else None


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield module_name(path), path


def imported_modules(module, path):
    """Absolute names of everything `path` imports, wherever the import statement is."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package
                for _ in range(node.level - 1):
                    base = base.rpartition(".")[0]
                stem = ".".join(part for part in (base, node.module) if part)
            else:
                stem = node.module or ""
            yield stem
            yield from (f"{stem}.{alias.name}" for alias in node.names)


def violations(modules):
    found = []
    for module, path in modules:
        own = layer(module)
        for target in set(imported_modules(module, path)):
            other = layer(target)
            if other is None or other == own:
                continue
            if LAYERS[other] >= LAYERS[own]:
                found.append(f"{module} ({own}) imports {target} ({other})")
    return sorted(found)


def test_no_module_imports_a_higher_layer():
    assert violations(project_modules()) == []


def test_the_check_catches_an_import_against_the_arrows(tmp_path):
    """The rule is not vacuous: a providers module importing procedures, even inside a
    function, is reported."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "def f():\n    from procedures.models import ProcedurePage\n    return ProcedurePage\n"
    )
    assert violations([("editorial._architecture_probe", probe)]) == [
        "editorial._architecture_probe (editorial) imports procedures.models (procedures)",
        "editorial._architecture_probe (editorial) imports procedures.models.ProcedurePage "
        "(procedures)",
    ]
    assert violations([("providers._architecture_probe", probe)]) == [
        "providers._architecture_probe (providers) imports procedures.models (procedures)",
        "providers._architecture_probe (providers) imports procedures.models.ProcedurePage "
        "(procedures)",
    ]


def test_packages_on_one_layer_may_not_import_each_other(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("from providers.models import Provider\n")
    assert violations([("editorial._architecture_probe", probe)]) == [
        "editorial._architecture_probe (editorial) imports providers.models (providers)",
        "editorial._architecture_probe (editorial) imports providers.models.Provider (providers)",
    ]


def test_core_imports_no_app(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("import cms.urls\n")
    assert violations([("core._architecture_probe", probe)]) == [
        "core._architecture_probe (core) imports cms.urls (cms)"
    ]


@pytest.mark.parametrize(
    ("module", "expected"),
    [
        ("core.routing", "core"),
        ("core.http_cache.middleware", "core"),
        ("core.npi", "core"),
        ("cms.urls", "cms"),
        ("cms.settings.base", "cms"),
        ("providers.models", "providers"),
        ("editorial.models", "editorial"),
        ("webhooks.signals", "webhooks"),
        ("wagtail.models", None),
    ],
)
def test_layers_are_assigned_by_module(module, expected):
    assert layer(module) == expected


def test_every_layer_is_a_package_the_project_installs():
    """A package missing from setuptools' list works from a checkout (the current
    directory is on the path) and is missing from an installed build."""
    import fnmatch
    import tomllib

    include = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "packages"
    ]["find"]["include"]
    missing = [app for app in APPS if not any(fnmatch.fnmatch(app, p) for p in include)]
    assert missing == []
