"""`python -m simulator` is the `convsim` command."""

from simulator.entry import main

main()
