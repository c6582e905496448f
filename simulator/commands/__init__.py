"""One module per `convsim` command; shared output helpers in `common`."""
