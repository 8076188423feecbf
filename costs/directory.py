"""What the directory's pages show of this app (registered in `providers.extensions`)."""

from .api import provider_costs_data
from .doctors import doctors_costs
from .figures import state_costs


def profile_context(provider, procedure_links):
    """The doctor's averages for each procedure on the profile, beside the state median."""
    pages = [link.procedure for link in procedure_links]
    found = doctors_costs([(provider, pages)])
    return {"medicare_costs": [found[(provider.npi, page.pk)] for page in pages]}


def state_context(page, state):
    """The physician payment across the state's payment localities."""
    return {"medicare_state_costs": state_costs(page, state)}


def provider_api_costs(providers):
    """Each provider's cost objects, for a page of API results (see `costs.api`)."""
    provider_costs_data(providers)
