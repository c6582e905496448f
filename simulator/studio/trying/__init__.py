"""Try and what it shows: a handful of conversations simulated from the text being edited, the
seed that shows every rule, how each ended, and the runs and reviews of the workspace.
"""
