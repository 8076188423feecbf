"""PostgreSQL housekeeping and the raw COPY baseline, straight through psycopg 3.

None of this goes through Django: databases are dropped and created from the
server's maintenance database, and the COPY baseline must not pay for any ORM.
"""

import time

import psycopg
from psycopg import sql

CHUNK = 1 << 20  # 1 MiB
COPY_TABLE = "bench_copy_baseline"


def connect(url, **kwargs):
    return psycopg.connect(url, **kwargs)


def recreate(maintenance_url, name, template=None):
    """Drop `name` if it exists and create it (empty, or as a copy of `template`)."""
    with connect(maintenance_url, autocommit=True) as conn:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        conn.execute(drop.format(sql.Identifier(name)))
        create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            create += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        conn.execute(create)


def check_server(maintenance_url):
    """Fail early, with the URL, when PostgreSQL is not reachable."""
    try:
        with connect(maintenance_url, connect_timeout=5) as conn:
            return conn.execute("SHOW server_version").fetchone()[0]
    except psycopg.OperationalError as error:
        raise SystemExit(f"Cannot reach PostgreSQL at {maintenance_url}: {error}") from error


def copy_baseline(url, path):
    """Stream the file's bytes after its header into a one-column table with COPY.

    Delimiter and quote are control characters that never occur in the file, so
    every line is one text value: the rows the importer rejects (wrong column
    count, bad values) load too, and no parsing happens. It is the upper bound on
    how fast any loader can move these bytes into PostgreSQL. Returns (lines,
    seconds), with the table's commit included in the time.
    """
    copy = f"COPY {COPY_TABLE} (line) FROM STDIN (FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02')"
    with connect(url) as conn:
        conn.execute(f"DROP TABLE IF EXISTS {COPY_TABLE}")
        conn.execute(f"CREATE TABLE {COPY_TABLE} (line text)")
        conn.commit()
        with path.open("rb") as handle:
            handle.readline()  # the header
            started = time.perf_counter()
            with conn.cursor() as cursor:
                with cursor.copy(copy) as stream:
                    while chunk := handle.read(CHUNK):
                        stream.write(chunk)
                lines = cursor.rowcount
            conn.commit()
            seconds = time.perf_counter() - started
        conn.execute(f"DROP TABLE {COPY_TABLE}")
        conn.commit()
    return lines, seconds
