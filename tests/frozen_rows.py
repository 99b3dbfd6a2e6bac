"""Changing frozen rows behind every guard: raw SQL, and on PostgreSQL with the append-only
triggers off for the current transaction (the test role is a superuser). Only an attacker with
database access could do this; tests do it to see what the product makes of such rows."""

import contextlib

from django.db import connection


@contextlib.contextmanager
def _unguarded_cursor():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        try:
            yield cursor
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def rewrite(model, pk, column, value):
    """UPDATE one column of one frozen row."""
    with _unguarded_cursor() as cursor:
        cursor.execute(
            f"UPDATE {model._meta.db_table} SET {column} = %s WHERE id = %s", [value, pk]
        )


def delete_all(model):
    """DELETE every row of a frozen table."""
    with _unguarded_cursor() as cursor:
        cursor.execute(f"DELETE FROM {model._meta.db_table}")
