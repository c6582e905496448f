"""Testing a bot: `convsim test` and its Python and pytest entry points, the preflight
request, what a test measured (pass rates, pass^k), JUnit XML for CI, replays of stored
conversations and the comparison of two runs."""
