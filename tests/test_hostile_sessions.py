"""An http bot that answers the right shape for the wrong conversation: it echoes the session
field the body template sent, with another conversation's id (a bot whose session store
mixes up concurrent requests). That text is someone else's reply: an infrastructure error of
its own kind (`crossed`), never graded. A bot that echoes this conversation's id, or puts
an id of its own making in the field, is read as before."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
from test_scripted_dialogue import make_plan

from agents.targets import TargetError
from agents.targets.base import TargetRole
from agents.targets.http import HttpAdapter
from agents.targets.model import HttpTarget
from agents.types import Turn


class Handler(BaseHTTPRequestHandler):
    last: ClassVar[dict[str, str]] = {}  # mode -> the session id of the request before

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        mode = self.path.strip("/")
        session = str(body["conv"]["session"])
        echoed: Any = {
            "echo": session,
            "previous": self.last.get(mode, session),  # the one before: crossed
            "own": "bot-session-0042",
        }[mode]
        self.last[mode] = session
        data = json.dumps({"conv": {"session": echoed}, "reply": f"Answer for {echoed}"})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data.encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def two_replies(url: str, mode: str) -> list[str | TargetError]:
    """Replies to two conversations of one run, one after the other."""
    spec = HttpTarget(
        kind="http", url=f"{url}/{mode}", timeout_s=5,
        body={"conv": {"session": "{conversation_id}"}, "text": "{message}"},
    )  # fmt: skip
    got: list[str | TargetError] = []

    async def run() -> None:
        role = TargetRole(HttpAdapter(spec, {}), session_suffix="5e551075")
        try:
            for seed in (1, 2):
                plan = make_plan(seed).model_copy(update={"id": f"conv-{seed}"})
                try:
                    reply = await role.respond(plan, [Turn(role="customer", content="Hi")], {})
                    got.append(reply.turn.content)
                except TargetError as exc:
                    got.append(exc)
        finally:
            await role.aclose()

    asyncio.run(run())
    return got


def test_an_answer_for_another_conversation_is_crossed_not_graded(url: str) -> None:
    first, second = two_replies(url, "previous")
    assert first == "Answer for conv-1-5e551075"
    assert isinstance(second, TargetError)
    assert second.kind == "crossed"
    assert str(second) == (
        f"the answer from {url}/previous is for conversation 'conv-1-5e551075' ($.conv.session),"
        " not 'conv-2-5e551075': the bot answered another conversation (it mixes up its "
        "sessions)"
    )


@pytest.mark.parametrize(
    ("mode", "texts"),
    [
        ("echo", ["Answer for conv-1-5e551075", "Answer for conv-2-5e551075"]),
        ("own", ["Answer for bot-session-0042"] * 2),
    ],
)
def test_an_echo_of_this_conversation_or_the_bots_own_id_is_read(
    url: str, mode: str, texts: list[str]
) -> None:
    assert two_replies(url, mode) == texts


def test_a_tool_call_whose_body_arrives_after_the_reply_ended_is_404_not_429() -> None:
    """The bot sent a call's headers, answered convsim, then the call's body: the reply is
    over, so the call is `not waiting` (404), not `past its limit` (429, which says the
    conversation ends in error)."""
    from target_tools_fixture import shop

    from agents.calls import ReplyCalls
    from agents.targets.tools import ToolAccess
    from agents.targets.toolserver import ToolServer
    from agents.tools import Desk

    desk = Desk(shop().new_state())
    access = ToolAccess("c-late", desk.specs, ReplyCalls(desk, 5))
    body = json.dumps({"name": "get_order", "arguments": {"order_id": "ORD-10001"}}).encode()

    async def go() -> bytes:
        server = ToolServer()
        try:
            async with server.serving(access):
                reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
                writer.write(
                    b"POST /conversations/c-late/tools/call HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    b"Content-Type: application/json\r\n"
                    + f"Content-Length: {len(body)}\r\n\r\n".encode()
                    + body[:5]
                )
                await writer.drain()
                await asyncio.sleep(0.3)  # the server has the headers and waits for the body
            access.calls.close()  # as TargetRole does when the reply is in
            writer.write(body[5:])
            await writer.drain()
            answer = await asyncio.wait_for(reader.read(4096), 5)
            writer.close()
            return answer
        finally:
            await server.aclose()

    answer = asyncio.run(go())
    assert answer.startswith(b"HTTP/1.1 404"), answer
    assert b"is not waiting for a reply" in answer
    assert desk.pending == ()  # nothing ran on the records
