"""Judging transcripts: grading conversations convsim did not produce (`convsim grade`),
measuring the critic against labeled sets, and people's review decisions on its verdicts."""
