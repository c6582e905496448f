"""Model access over any OpenAI-compatible endpoint, through langchain-openai's ChatOpenAI.

`config` (what to call), `client` (how: structured output, retries, rate limit, timeout,
cache, usage), `prices` and `budget` (what it costs), `roles` (LLM customer and support),
`fake` (a local server that speaks the Chat Completions protocol, for tests and dry runs).
"""
