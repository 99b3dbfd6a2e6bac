from importlib import import_module

from django.db import migrations

# The expression index of 0008 made matching fast, but ranking still parsed every matching
# monograph's text again: seconds for a word most monographs contain. PostgreSQL now keeps the
# vector in a generated column, computed when a publication is written, with the GIN index on it.
# compounds/search.py reads this column; SQLite has no text-search vectors and scans the text.
ADD_VECTOR = """
    ALTER TABLE compounds_publication ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(search_names, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(search_text, '')), 'C')
    ) STORED;
    CREATE INDEX publication_search_vector ON compounds_publication USING gin (search_vector);
"""
DROP_VECTOR = "ALTER TABLE compounds_publication DROP COLUMN search_vector;"

expression_index = import_module("compounds.migrations.0008_publication_search_index").SEARCH_INDEX


def store_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        publication = apps.get_model("compounds", "Publication")
        schema_editor.remove_index(publication, expression_index)
        schema_editor.execute(ADD_VECTOR)


def drop_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_VECTOR)  # and its index with it
        schema_editor.add_index(apps.get_model("compounds", "Publication"), expression_index)


class Migration(migrations.Migration):
    dependencies = [
        ("compounds", "0008_publication_search_index"),
    ]

    operations = [
        migrations.RunPython(store_search_vectors, drop_search_vectors),
    ]
