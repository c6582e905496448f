"""`python -m simulator` is the `convsim` command."""

from simulator.cli import main

main()
