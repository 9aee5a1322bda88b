"""On PostgreSQL, the search by any part of a name (two characters or more) is served by an
index of each name's two-character parts (ledgers.people.views.search_residents).

A trigram index cannot serve it: a pattern of two characters ("秀兰", a given name) holds no
trigram, so the planner walked the whole register in name order (200 ms at a million
residents). The function below gives the distinct two-character parts of a name; a GIN index
over it finds the names holding a part ("@>") from the index alone, and a longer part by all of
its pairs, the text itself checked on the rows found. It replaces the trigram index of 0024,
which served nothing else. ANALYZE gives the planner the parts' frequencies at once, so that a
common part is still read in name order (its 25 first rows come at once) and a rare one through
the index. SQLite keeps its LIKE.
"""

from django.db import migrations, transaction

BIGRAMS = """
CREATE OR REPLACE FUNCTION ledgers_name_bigrams(name text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT coalesce(array_agg(DISTINCT substr(name, i, 2)), '{}')
    FROM generate_series(1, char_length(name) - 1) AS i
$$
"""


def bigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(BIGRAMS)
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS ledgers_res_name_bigrams ON ledgers_resident "
        "USING gin (ledgers_name_bigrams(name))"
    )
    schema_editor.execute("DROP INDEX IF EXISTS ledgers_res_name_trgm")
    schema_editor.execute("ANALYZE ledgers_resident")


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS ledgers_res_name_bigrams")
    schema_editor.execute("DROP FUNCTION IF EXISTS ledgers_name_bigrams(text)")
    try:
        with transaction.atomic():
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # noqa: BLE001 - no right to create it: names are then searched by scan
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS ledgers_res_name_trgm ON ledgers_resident "
        "USING gin (name gin_trgm_ops)"
    )


class Migration(migrations.Migration):
    dependencies = [("ledgers", "0027_resident_list_search_indexes")]

    operations = [migrations.RunPython(bigram_index, trigram_index)]
