"""Before a run: is the endpoint there, does it know the model, and how does it take
structured output. A client's calls during a run are `agents.llm.client`'s job; what is asked
here is asked once, and every answer that means "fix your setup" becomes one
`LLMConfigError` line naming the flag, not a run of failed conversations.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import warnings
from typing import TYPE_CHECKING, Any

import openai
from pydantic import ValidationError

from agents.llm import transport
from agents.llm.errors import LLMConfigError
from agents.llm.messages import RichMessages
from agents.llm.replycap import OFF_SITE
from agents.llm.structured import PROBES, Mode
from agents.llm.wire import Retry

if TYPE_CHECKING:
    from agents.llm.client import LLMClient

PING: RichMessages = [{"role": "user", "content": "ping"}]


async def ping(client: LLMClient) -> None:
    """One tiny call. Timeouts, dropped connections and replies that are not JSON are
    retried with the run's backoff (a slow or flaky first reply is not a bad endpoint); what
    is still failing after `max_retries` is reported in one line."""
    c = client.config
    rng = random.Random(0)
    last = ""
    for attempt in range(c.max_retries + 1):
        if attempt:
            await asyncio.sleep(client.delay(attempt, None, rng))
        try:
            wire = await client.wire()
            await asyncio.wait_for(wire.complete(PING, max_tokens=1), c.timeout_s + 1)
            return
        except (openai.APITimeoutError, TimeoutError):
            last = f"timed out after {c.timeout_s:g} s"
        except openai.APIConnectionError as exc:
            last = transport.reason(exc, plain=False)
        except (ValueError, ValidationError, openai.APIResponseValidationError) as exc:
            said = transport.first_line(exc)
            if said.startswith(OFF_SITE):  # its own sentence, with its fix
                fix = said.replace("in base_url", "in --base-url")
                raise LLMConfigError(f"--base-url {c.endpoint}: {fix}") from exc
            last = f"the reply is not OpenAI-compatible JSON ({transport.clip(said, 160)})"
        except Retry as exc:  # a completion with no message in it
            last = f"the reply is not a usable completion ({transport.clip(exc.reason, 160)})"
        except openai.APIStatusError as exc:
            if exc.status_code in (429,) or exc.status_code >= 500:
                return  # reachable and known; a busy server is handled by retries later
            raise refused(client, exc) from exc
        except Exception as exc:
            if not transport.is_transport_error(exc):
                raise
            last = transport.reason(exc, plain=False)
    tries = f"{c.max_retries + 1} attempts"
    if last.startswith(("the reply", transport.NOT_HTTP)):
        raise LLMConfigError(
            f"{c.endpoint} is not an OpenAI-compatible endpoint: {last}, {tries}; fix --base-url"
        )
    raise LLMConfigError(
        f"cannot reach {c.endpoint} ({last}, {tries}): start the server or fix --base-url"
    )


def refused(client: LLMClient, exc: openai.APIStatusError) -> LLMConfigError:
    """A 4xx to the ping, in words naming what to fix: the key, the model, or the request."""
    c = client.config
    where = f"--base-url {c.endpoint}" if c.base_url else "the OpenAI API"
    moved = _redirected(exc)
    if moved is not None:
        return LLMConfigError(
            f"{c.endpoint} answered the chat request (a POST) with {moved}; convsim does not "
            f"follow a POST across a redirect (it would arrive as a GET, here answered "
            f"{exc.status_code}): put the URL the endpoint lives at in --base-url"
        )
    if isinstance(exc, openai.AuthenticationError):
        return LLMConfigError(f"{where} rejected the key in {c.api_key_env} (401): set a valid key")
    if isinstance(exc, openai.NotFoundError):
        return LLMConfigError(
            f"--model {c.model}: not served by {c.endpoint} (404); "
            f"pick one listed at {c.endpoint}/models"
        )
    return LLMConfigError(
        f"--model {c.model} at {c.endpoint} refused a test request "
        f"({exc.status_code}: {exc.message})"
    )


def _redirected(exc: openai.APIStatusError) -> str | None:
    """'HTTP 301 to URL' when the failed answer came after a redirect (the HTTP client turned
    the POST into a GET and followed it), else None."""
    history = getattr(getattr(exc, "response", None), "history", None) or []
    if not history:
        return None
    first = history[0]
    to = first.headers.get("location")
    if not to:
        return f"HTTP {first.status_code} with no Location"
    with contextlib.suppress(Exception):  # a relative Location, as the client resolved it
        to = str(first.url.join(to))
    return f"HTTP {first.status_code} to {to}"


async def probe(client: LLMClient) -> Mode:
    """The first mode the server takes (json_schema, json_object, else prompt): one tiny
    request per refused mode. Only a 400 or 422 counts as a refusal (the ping already
    passed, so it is the response_format); anything else keeps the mode being tried, and
    the run's own calls meet that error with their retries."""
    client.mode = "prompt"
    for mode, fmt, messages in PROBES:
        if await _takes(client, fmt, messages):
            client.mode = mode
            break
    return client.mode


async def _takes(client: LLMClient, fmt: dict[str, Any], messages: RichMessages) -> bool:
    wire = await client.wire()
    try:
        # langchain-openai warns on some of these 400s; library code prints nothing.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            await asyncio.wait_for(
                wire.complete(messages, fmt=fmt, max_tokens=16), client.config.timeout_s + 1
            )
    except (openai.BadRequestError, openai.UnprocessableEntityError):
        return False
    except (openai.OpenAIError, ValueError, ValidationError, Retry, TimeoutError):
        return True  # taken (a reply cut at 16 tokens) or not a verdict on the format
    except Exception as exc:
        if not transport.is_transport_error(exc):
            raise
        return True  # the run's own calls meet it with their retries
    return True
