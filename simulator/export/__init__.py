"""Exports: a run's transcripts as training data. The pipeline is `simulator.export.pipeline`
(`export_run`); this package stays light so that `convsim --help` imports no pandas."""
