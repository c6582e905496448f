"""Target files that would have failed late: a URL httpx cannot send to, header names and
values that would start a new header (or are not ASCII, which httpx cannot encode), an
environment variable holding a line break, a module that calls sys.exit when imported.
Each is one `file:line: field: message` before anything runs, values never shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.targets import TargetFileError, build_role, load_target


def problems(tmp_path: Path, text: str, environ: dict[str, str] | None = None) -> list[str]:
    file = tmp_path / "bot.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(TargetFileError) as info:
        build_role(load_target(file, environ or {}))
    return [str(p).removeprefix(f"{file}:") for p in info.value.problems]


HTTP = "kind: http\nurl: http://127.0.0.1:1/x\n"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("kind: http\nurl: 'http://[::1]:99999/x'\n",
         "2: url: 'http://[::1]:99999/x' is not a URL (Port out of range 0-65535)"),
        ("kind: http\nurl: 'http://my bot/x'\n",
         "2: url: 'http://my bot/x' has a space or control character; write it as %20"),
        ("kind: http\nurl: 'http:///x'\n", "2: url: 'http:///x' names no host"),
        ("kind: openai\nbase_url: 'https://:80/v1'\nmodel: m\nsystem_prompt: s\n"
         "api_key_env: HOME\n", "2: base_url: 'https://:80/v1' names no host"),
        (HTTP + 'headers: {"X\\nY": v}\n',
         "3: headers: 'X\\nY' is not a header name (letters, digits, - and _)"),
        (HTTP + "headers: {X: \"a\\r\\nX-Admin: 1\"}\n",
         "3: headers: the value of X holds a line break; a header value is printable ASCII on "
         "one line"),
        (HTTP + "headers: {X: caf\u00e9}\n",
         "3: headers: the value of X holds the character '\u00e9'; a header value is printable "
         "ASCII on one line"),
    ],
)  # fmt: skip
def test_what_httpx_could_not_send_is_named_in_the_file(
    tmp_path: Path, text: str, problem: str
) -> None:
    assert problems(tmp_path, text, {"HOME": "/root"}) == [problem]


def test_a_header_variable_holding_a_line_break_is_named_not_shown(tmp_path: Path) -> None:
    secret = "tok-4471\r\nX-Admin: yes"
    got = problems(tmp_path, HTTP + "headers: {Authorization: 'Bearer ${TOKEN}'}\n",
                   {"TOKEN": secret})  # fmt: skip
    assert got == [
        "3: headers.Authorization: environment variable TOKEN holds a line break; a header "
        "value is printable ASCII on one line (its value is not shown)"
    ]
    assert "tok-4471" not in got[0]


def test_a_module_that_exits_when_imported_is_a_problem_not_the_end(tmp_path: Path) -> None:
    (tmp_path / "exits_on_import.py").write_text("import sys\nsys.exit(4)\n")
    text = "kind: python\ncallable: exits_on_import:reply\npythonpath: [.]\n"
    assert problems(tmp_path, text) == [
        "2: callable: importing exits_on_import called sys.exit(4); guard the module's script "
        "code with if __name__ == '__main__':"
    ]
