"""The correct test bot as a compiled LangGraph graph (a `python` target of the graph kind)."""

from __future__ import annotations

from typing import Annotated, Any, TypedDict

from langchain_core.messages import AIMessage, AnyMessage
from langgraph.graph import END, START, StateGraph
from langgraph.graph.message import add_messages

from bots.logic import answer


class State(TypedDict, total=False):
    messages: Annotated[list[AnyMessage], add_messages]
    handoff: bool


def _bot(state: State) -> dict[str, Any]:
    talk = [
        {"role": "user" if m.type == "human" else "assistant", "content": str(m.content)}
        for m in state["messages"]
    ]
    result = answer(talk)
    return {"messages": [AIMessage(result["reply"])], "handoff": bool(result.get("handoff"))}


def _build() -> Any:
    graph = StateGraph(State)
    graph.add_node("bot", _bot)
    graph.add_edge(START, "bot")
    graph.add_edge("bot", END)
    return graph.compile()


bot = _build()


async def async_correct(messages: list[dict[str, str]], conversation_id: str) -> str:
    """An async callable that returns plain text and takes the conversation id."""
    assert conversation_id
    return str(answer(messages)["reply"])
