"""`make bench`: import speed, query cost and HTTP throughput on PostgreSQL.

Run as ``python -m bench.run`` (see bench/README.md). Every figure is printed
next to a baseline measured in the same run on the same machine (raw COPY for
the importer, a bare Django process for memory, ``/healthz`` for requests), so
the ratios stay meaningful on a laptop, a CI runner or a server.
"""
