"""The apps depend on each other in one direction (docs/architecture.md).

    cms wiring (urls, api, settings, wsgi)  ->  home  ->  webhooks  ->  procedures
        ->  editorial  ->  providers  ->  cms core

Every import counts, including those inside functions: an import hidden in a
function to dodge a circle is still a dependency. Lower layers refer to higher
ones only by app label ("procedures.ProcedurePage"), as Django's ForeignKeys do.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("cms", "home", "webhooks", "procedures", "editorial", "providers")
# cms/ holds two things: project wiring, which imports every app, and a few
# site-wide helpers (routing, API errors) that every app may use and that import none.
CMS_WIRING = (
    "cms.urls",
    "cms.api",
    "cms.openapi",
    "cms.settings",
    "cms.wsgi",
    "cms.asgi",
    "cms.gunicorn",
)
# Higher number = higher layer; a module may import its own layer and those below.
LAYERS = {
    "cms core": 0,
    "providers": 1,
    "editorial": 2,
    "procedures": 3,
    # Reacts to procedures, articles and providers being published (it names them by
    # app label, but may import them); nothing below it knows it exists.
    "webhooks": 4,
    "home": 5,
    "cms wiring": 6,
}


def layer(module):
    """The layer a project module belongs to, or None for anything else."""
    top = module.split(".")[0]
    if top not in APPS:
        return None
    if top == "cms":
        wiring = any(module == m or module.startswith(m + ".") for m in CMS_WIRING)
        return "cms wiring" if wiring else "cms core"
    return top


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
            if other is not None and LAYERS[other] > LAYERS[own]:
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


@pytest.mark.parametrize(
    ("module", "expected"),
    [
        ("cms.routing", "cms core"),
        ("cms.http_cache.middleware", "cms core"),
        ("cms.urls", "cms wiring"),
        ("cms.settings.base", "cms wiring"),
        ("providers.models", "providers"),
        ("editorial.models", "editorial"),
        ("webhooks.signals", "webhooks"),
        ("wagtail.models", None),
    ],
)
def test_layers_are_assigned_by_module(module, expected):
    assert layer(module) == expected
