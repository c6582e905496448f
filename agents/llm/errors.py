"""The errors the LLM layer raises; provider exceptions never leave `LLMClient`.

LLMError                      anything the LLM layer reports
+-- LLMConfigError            you configured it wrong: a missing key, an unknown model,
|                             an unreachable endpoint (preflight); fix and re-run
+-- LLMCallError              a call failed after every retry (rate limit, 5xx, timeout)
|   +-- LLMOutputError        the model answered, but not with data matching the schema
+-- BudgetExceeded            the run's token or dollar budget is spent
"""

from __future__ import annotations


class LLMError(Exception):
    """Base of every error the LLM layer raises."""


class LLMConfigError(LLMError):
    """A setup mistake the user fixes: the message is one line naming the flag and the fix."""


class LLMCallError(LLMError):
    """A call that still failed after its retries; the conversation ends in `error`."""

    def __init__(self, message: str, attempts: int = 1) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.retry_after: float | None = None  # the last answer's Retry-After, in seconds


class LLMOutputError(LLMCallError):
    """The reply was empty, truncated or did not validate against the requested schema."""


class BudgetExceeded(LLMError):
    """The token or dollar budget is reached; no new conversation starts."""
