"""Drop and create the benchmark's PostgreSQL database: `python bench/database.py URL`.

Only a database whose name contains "bench" is dropped, so a mistyped BENCH_DATABASE_URL cannot
destroy real data.
"""

import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql


def recreate(url):
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(
            f"Refusing to drop {name!r}: the benchmark database's name has 'bench' in it."
        )
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        database = sql.Identifier(name)
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(database))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(database))


if __name__ == "__main__":
    recreate(sys.argv[1])
