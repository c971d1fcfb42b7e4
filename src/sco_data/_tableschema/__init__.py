"""The Table Schema model of sco-data: one registry for the types it supports exactly
(``types``) and one for the constraint kinds (``constraints``).

Every other module (load, validation, CSV writing, SQL and DuckDB DDL, Parquet, Croissant,
the R reader, the data dictionary, the terminal display) reads what it needs about a type or
a constraint from here, so that adding one is one entry plus its tests. Both modules are
leaves: they import neither pandas nor any other part of sco_data, so the command line can
read them cheaply.
"""
