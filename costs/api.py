"""Cost objects in the API (v2)."""


def provider_costs_data(providers):
    return {}
