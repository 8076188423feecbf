"""Where apps above `providers` add to its importers, pages and API without being imported.

`providers` sits below the apps that build on its data (docs/architecture.md), so it
cannot import them. An app that wants to keep more of the by-provider Medicare file, or
show its own figures on a state page, a profile or in the providers API, registers an
extension here from its `AppConfig.ready()` (the `costs` app does: Medicare payment
figures). With nothing registered, every hook below is a no-op and the directory works
as before.

Each hook is one object: registering twice replaces it (tests and reloads stay
idempotent).
"""

from dataclasses import dataclass
from typing import Any, Protocol


class RowRejected(ValueError):
    """A row an extension refuses: rejected with its line number, `reason` and detail."""

    def __init__(self, reason, detail):
        super().__init__(detail)
        self.reason = reason


class VolumeFigures(Protocol):
    """Keeps more of the by-provider file than the link counts (`importers.volume`).

    The importer asks `codes()` once, for the HCPCS codes to keep beyond those of
    procedure pages' `procedure_codes`; `parser(header)` once, for a function that turns
    a split row into what to keep (raising `RowRejected` for a bad row, which is then
    rejected with its line number), or None when the file lacks what it keeps;
    `collector()` for where the kept rows go as they are read (an object with `append`
    and `len`: the extension decides how they are held, so the import's memory need not
    grow with the file); and, inside the import's one transaction,
    `write(rows, run=..., year=..., source=...)` with that collector.
    """

    def codes(self) -> set[str]: ...

    def parser(self, header: list[str]): ...

    def collector(self): ...

    def write(self, rows, *, run, year: int, source: str) -> int: ...


@dataclass
class Extensions:
    """What is registered. Each is None until an app registers it."""

    volume_figures: VolumeFigures | None = None
    # provider, procedures (pages) -> extra context for the profile template.
    profile_context: Any = None
    # procedure page, USPS state code -> extra context for the state page template.
    state_context: Any = None
    # providers (a page of API results) -> None; sets each provider's `_extension_costs`
    # (the `medicare_costs` API field, `providers.serializers.MedicareCostsField`).
    provider_api_costs: Any = None


registry = Extensions()


def register(**hooks):
    """Set hooks by name (see `Extensions`); an unknown name is a TypeError at start-up."""
    for name, value in hooks.items():
        if not hasattr(registry, name):
            raise TypeError(f"providers.extensions has no hook {name!r}")
        setattr(registry, name, value)
