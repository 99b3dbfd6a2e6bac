from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

# The expression compounds/search.py searched until migration 0009 stored it in a column: the
# planner uses the index only while the two are identical.
SEARCH_INDEX = GinIndex(
    SearchVector("search_names", weight="A", config="english")
    + SearchVector("search_text", weight="C", config="english"),
    name="publication_search",
)


def add_search_index(apps, schema_editor):
    # SQLite has no text-search vectors: its fallback search scans the text columns.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("compounds", "Publication"), SEARCH_INDEX)


def remove_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("compounds", "Publication"), SEARCH_INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("compounds", "0007_publication_listing_and_credits"),
    ]

    operations = [
        migrations.RunPython(add_search_index, remove_search_index),
    ]
