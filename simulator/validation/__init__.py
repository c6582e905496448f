"""Learning from real conversations and validating synthetic ones against them.

`learn` drafts scenarios and persona weights from a team's logs; `validate` measures a run
against real logs on fidelity, utility, privacy and diversity. Readers live in `logs`.
"""
