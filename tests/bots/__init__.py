"""Small support bots for `convsim test`'s tests, each with a known behaviour."""
