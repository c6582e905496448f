"""Exports: a run's transcripts as training data, screened for near-duplicates (`dedup`) and
personal data (`privacy`). The pipeline is `simulator.export.pipeline`
(`export_run`); this package stays light so that `convsim --help` imports no pandas."""
