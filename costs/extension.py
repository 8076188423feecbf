"""This app's part in the directory's pages, importers and API (`providers.extensions`)."""

from providers import extensions

from .directory import profile_context, provider_api_costs, state_context
from .importers.by_provider import ByProviderFigures


def register_with_providers():
    extensions.register(
        volume_figures=ByProviderFigures(),
        profile_context=profile_context,
        state_context=state_context,
        provider_api_costs=provider_api_costs,
    )
