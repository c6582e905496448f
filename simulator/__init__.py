"""Runs conversations: the LangGraph graph of one conversation, the batch runner, the run
store (run.db), the run directory's files and the `convsim` command line."""
