"""Errors of a bot under test, as a tree:

    TargetError                 the target could not produce a reply (an infrastructure error)
    ├── TargetTimeout           no reply within the target's timeout
    ├── TargetUnreachable       connection refused, DNS, TLS: the request never got an answer
    ├── TargetHTTPError         an answer with a non-2xx status
    ├── TargetMalformedReply    an answer that is not JSON, or lacks the reply at its path
    ├── TargetCrashed           a Python target raised
    └── TargetToolLimit         more tool calls (rounds) in one reply than the target file allows

The graph turns any of these into an `error` outcome whose reason starts with the class name
(`support role failed: TargetTimeout: ...`); `simulator.bots.metrics` reads the kind back from it.
None of them is ever graded as the bot failing. Messages never carry header values.
"""

from __future__ import annotations


class TargetError(Exception):
    kind = "error"


class TargetTimeout(TargetError):
    kind = "timeout"


class TargetUnreachable(TargetError):
    kind = "unreachable"


class TargetHTTPError(TargetError):
    kind = "http_status"


class TargetMalformedReply(TargetError):
    kind = "malformed"


class TargetCrashed(TargetError):
    kind = "crashed"


class TargetToolLimit(TargetError):
    kind = "tool_limit"


ERROR_KINDS: dict[str, str] = {
    cls.__name__: cls.kind
    for cls in (
        TargetTimeout,
        TargetUnreachable,
        TargetHTTPError,
        TargetMalformedReply,
        TargetCrashed,
        TargetToolLimit,
        TargetError,
    )
}
