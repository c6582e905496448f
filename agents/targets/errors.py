"""Errors of a bot under test, as a tree:

    TargetError                 the target could not produce a reply (an infrastructure error)
    ├── TargetTimeout           no reply within the target's timeout
    ├── TargetUnreachable       connection refused, DNS, TLS: the request never got an answer
    ├── TargetHTTPError         an answer with a non-2xx status
    │   ├── TargetRateLimited   429 still, after waiting what Retry-After asked within timeout_s
    │   └── TargetRedirected    a 3xx: the bot lives at another URL
    ├── TargetMalformedReply    an answer that is not JSON, or lacks the reply at its path
    │   ├── TargetStreamed      a stream (text/event-stream) where one JSON answer was due
    │   ├── TargetErrorReply    a 2xx whose JSON is an error object, with no reply
    │   ├── TargetCutOff        the connection closed before the answer was complete
    │   ├── TargetTokenLimit    an openai bot's reply stopped at max_tokens (finish_reason length)
    │   ├── TargetGarbled       a body that is not JSON at all (empty, or broken off inside)
    │   ├── TargetCrossed       an answer naming another conversation than the one asked about
    │   └── TargetTooLarge      a body or a reply over the size a support message may have
    ├── TargetCrashed           a Python target raised
    └── TargetToolLimit         more tool calls (rounds) in one reply than the target file allows

The graph turns any of these into an `error` outcome whose reason starts with the class name
(`support role failed: TargetTimeout: ...`); `simulator.bots.metrics` reads the kind back from it.
None of them is ever graded as the bot failing. Messages never carry header values.
"""

from __future__ import annotations

# class name -> kind, filled as the classes below are defined (metrics reads kinds back by name)
ERROR_KINDS: dict[str, str] = {}


class TargetError(Exception):
    """The root; each subclass names its kind in its class line (`kind="timeout"`)."""

    kind = "error"

    def __init_subclass__(cls, kind: str = "", **rest: object) -> None:
        super().__init_subclass__(**rest)
        cls.kind = kind or cls.kind
        ERROR_KINDS[cls.__name__] = cls.kind


class TargetTimeout(TargetError, kind="timeout"): ...


class TargetUnreachable(TargetError, kind="unreachable"): ...


class TargetHTTPError(TargetError, kind="http_status"):
    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class TargetMalformedReply(TargetError, kind="malformed"): ...


class TargetRateLimited(TargetHTTPError, kind="rate_limited"): ...


class TargetRedirected(TargetHTTPError, kind="redirected"): ...


class TargetStreamed(TargetMalformedReply, kind="streamed"): ...


class TargetErrorReply(TargetMalformedReply, kind="error_reply"): ...


class TargetTooLarge(TargetMalformedReply, kind="too_large"): ...


class TargetCutOff(TargetMalformedReply, kind="cut_off"): ...


class TargetTokenLimit(TargetMalformedReply, kind="token_limit"):
    """An `openai` bot's model stopped at the token limit (`finish_reason: length`): the text
    is the start of an answer, not the answer, so it is not graded; the fix is the target
    file's `max_tokens`. Not retried: the same limit cuts the same answer again."""


class TargetGarbled(TargetMalformedReply, kind="malformed"):
    """An empty body, or one that is not JSON where JSON was due (not an HTML page, a stream
    or an error object, which a bot sends on purpose): what a worker killed mid-write or a
    proxy that mangled the body leaves, so it is asked for again like a cut-off body."""


class TargetCrossed(TargetMalformedReply, kind="crossed"):
    """The answer echoes the body's conversation id field with another conversation's id:
    a bot that mixed up its sessions answered someone else; its text is not this reply."""


class TargetCrashed(TargetError, kind="crashed"): ...


class TargetToolLimit(TargetError, kind="tool_limit"): ...


ERROR_KINDS[TargetError.__name__] = TargetError.kind
