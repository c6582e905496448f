"""A run on disk: run.db (the source of truth), the run directory's derived files, and the
run read back as rows and tables for the report, exports and notebooks."""
