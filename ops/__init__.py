"""Load, fault and bad-input harness: two app servers behind HAProxy.

`make loadtest` and `make faulttest` run it.

Used only by make targets and tests/ops/, like `bench/`; no app imports it.
"""
