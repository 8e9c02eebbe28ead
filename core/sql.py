"""Quoted table and column names of models, for the few queries written once
per process as SQL (the autosave's hot path; see ``services`` and ``selectors``).
Only the models' own names go into such SQL; every value is a parameter."""

from django.db import connection


def table(model) -> str:
    """``"app_model"``: the model's table, quoted for the database in use."""
    return connection.ops.quote_name(model._meta.db_table)


def column(model, name: str) -> str:
    """``"app_model"."column"``: the column of the model's field ``name``."""
    return f"{table(model)}.{connection.ops.quote_name(model._meta.get_field(name).column)}"
