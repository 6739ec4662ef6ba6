"""Hostile input at every edge (CLI, API, WebSocket, studio): lone surrogates, invalid UTF-8,
invisible text, deep or huge JSON, wrong-typed plans. Each is refused with one clear line
(exit 2 / a 4xx JSON error) or cleaned; none is a traceback or a 500."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from agent.errors import InputError
from agent.types import Request
from tests.test_api import make_client, new_session, read_until
from tests.test_cli import invoke

ROOT = Path(__file__).resolve().parents[1]
SURROGATE = "please draw a tall red castle on a hill \udcff"
INVISIBLE = ["\u200b", "\u200b\u200c\u200d", " \u2060\ufeff ", "\u3164", "\u00ad\u034f"]
DEEP = "[" * 100_000
BIG_INT = '{"steps": [], "x": ' + "9" * 5000 + "}"


# -- one home: agent/text.py ----------------------------------------------------------------------

def test_lone_surrogates_are_replaced_and_real_text_kept() -> None:
    from agent.text import clean_text

    assert clean_text("hello \udcff there") == "hello \ufffd there"
    assert clean_text("안녕 😀 ok") == "안녕 😀 ok"  # a real astral character is not a surrogate
    assert clean_text("plain") == "plain"


@pytest.mark.parametrize("text", INVISIBLE)
def test_invisible_text_is_blank(text: str) -> None:
    from agent.text import is_blank

    assert is_blank(text)


@pytest.mark.parametrize("text", ["a", "3", "?", "안", "😀", "\u200bhi"])
def test_visible_text_is_not_blank(text: str) -> None:
    from agent.text import is_blank

    assert not is_blank(text)


def test_json_depth_and_integer_size_are_bounded_before_parsing() -> None:
    from agent.text import JSON_MAX_DEPTH, parse_json

    assert parse_json('{"a": [1, 2, {"b": "[[[["}]}') == {"a": [1, 2, {"b": "[[[["}]}
    nested = "[" * JSON_MAX_DEPTH + "]" * JSON_MAX_DEPTH
    assert parse_json(nested) is not None
    for raw, needle in ((DEEP, "nested"), ("[" * (JSON_MAX_DEPTH + 1) + "]" * (JSON_MAX_DEPTH + 1), "nested"),
                        (BIG_INT, "digits"), ("{", "not JSON"), ('"\\udcff"', "surrogate")):
        with pytest.raises(InputError, match=needle):
            parse_json(raw, what="the plan file")


# -- Request.parse: every edge --------------------------------------------------------------------

def test_a_request_with_a_lone_surrogate_is_cleaned() -> None:
    assert Request.parse(text=SURROGATE).text.endswith("\ufffd")


@pytest.mark.parametrize("text", INVISIBLE)
def test_a_request_of_invisible_characters_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="empty"):
        Request.parse(text=text)


# -- CLI ------------------------------------------------------------------------------------------

def _one_clean_line(code: int, err: str, expected: int = 2) -> None:
    assert code == expected, err
    assert "Traceback" not in err and len([line for line in err.splitlines() if line.startswith("error:")]) == 1


def test_cli_run_with_invalid_utf8_argument_is_cleaned(tmp_path: Path) -> None:
    # the shell hands Python the raw byte 0xff; Python turns it into the lone surrogate \udcff
    out = subprocess.run([sys.executable, "app.py", "run", b"say hello to my good friend the smith \xff",
                          "--data-dir", str(tmp_path / "d")], cwd=ROOT, capture_output=True, timeout=180)
    assert out.returncode == 0, out.stderr.decode(errors="replace")
    assert b"Traceback" not in out.stderr


@pytest.mark.parametrize("text", INVISIBLE[:2])
def test_cli_refuses_invisible_text(capsys, text: str) -> None:
    code, out, err = invoke(["plan", text, "--json"], capsys)
    _one_clean_line(code, err)
    assert "empty" in err


def test_moderate_jsonl_keeps_the_batch_when_one_line_is_bad(capsys, monkeypatch) -> None:
    lines = io.TextIOWrapper(io.BytesIO(b"you are a lovely smith\nhello \xff\xfe there my friend\n\xe2\x80\x8b\n"
                                        b"what a fine day\n"), encoding="utf-8", errors="surrogateescape")
    monkeypatch.setattr(sys, "stdin", lines)
    code, out, err = invoke(["moderate", "--jsonl", "--no-audit"], capsys)
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 4 and "Traceback" not in err
    assert rows[0]["action"] == "allow" and rows[3]["action"] == "allow"
    assert rows[1]["action"] == "allow"  # the undecodable bytes were replaced, the words moderated
    assert rows[2]["error"]["type"] == "InputError" and rows[2]["line"] == 3
    assert code == 2


def test_moderate_one_text_with_a_surrogate(capsys) -> None:
    code, out, err = invoke(["moderate", SURROGATE, "--json", "--no-audit"], capsys)
    assert code == 0 and "Traceback" not in err
    assert json.loads(out)["action"] == "allow"


@pytest.mark.parametrize(("body", "needle"), [(DEEP, "nested"), (BIG_INT, "digits")])
def test_deep_or_huge_json_plans_exit_2(capsys, tmp_path: Path, body: str, needle: str) -> None:
    path = tmp_path / "plan.json"
    path.write_text(body)
    code, out, err = invoke(["run", "--plan", str(path)], capsys)
    _one_clean_line(code, err)
    assert needle in err


@pytest.mark.parametrize(("body", "needle"), [(DEEP, "nested"), (BIG_INT, "digits")])
def test_deep_or_huge_persona_cards_exit_2(capsys, tmp_path: Path, body: str, needle: str) -> None:
    path = tmp_path / "card.json"
    path.write_text(body)
    code, out, err = invoke(["persona", "import", str(path), "--data-dir", str(tmp_path / "d")], capsys)
    _one_clean_line(code, err)
    assert needle in err


def test_a_deep_yaml_card_exits_2(capsys, tmp_path: Path) -> None:
    path = tmp_path / "card.yaml"
    path.write_text("a: " + "[" * 20_000 + "]" * 20_000 + "\n")
    code, out, err = invoke(["persona", "import", str(path), "--data-dir", str(tmp_path / "d")], capsys)
    _one_clean_line(code, err)


def test_a_plan_over_the_step_limit_exits_2(capsys, tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps({"steps": [{"id": f"s{i}", "tool": "mesh", "args": {"prompt": "a cube"}}
                                          for i in range(1, 9999)]}))
    code, out, err = invoke(["run", "--plan", str(path), "--data-dir", str(tmp_path / "d")], capsys)
    _one_clean_line(code, err)
    assert "max_plan_steps" in err and not (tmp_path / "d" / "sessions").exists()


@pytest.mark.parametrize(("args", "needle"), [
    ({"prompt": 5}, "prompt"),
    ({"prompt": "a cube", "detail": "lots"}, "detail"),
    ({"prompt": ["a", "cube"]}, "prompt"),
])
def test_wrong_typed_plan_arguments_exit_2_before_anything_runs(capsys, tmp_path: Path, args, needle) -> None:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps({"steps": [{"id": "s1", "tool": "mesh", "args": args}]}))
    code, out, err = invoke(["run", "--plan", str(path), "--data-dir", str(tmp_path / "d")], capsys)
    _one_clean_line(code, err)
    assert "s1" in err and needle in err and not (tmp_path / "d" / "sessions").exists()


def test_wrong_types_behind_a_reference_are_still_checked_at_run_time(capsys, tmp_path: Path) -> None:
    plan = {"steps": [{"id": "s1", "tool": "image", "args": {"prompt": "a red castle"}},
                      {"id": "s2", "tool": "video", "args": {"source": {"$ref": "s1"}, "prompt": "pan over it"}}]}
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    code, out, err = invoke(["run", "--plan", str(path), "--data-dir", str(tmp_path / "d"), "--json"], capsys)
    assert code == 0, err  # a reference to an earlier step is valid without its artifact existing yet


# -- API and WebSocket ----------------------------------------------------------------------------

@pytest.fixture
def api(settings):
    client, _ = make_client(settings)
    with client:
        yield client


def test_chat_completions_with_a_lone_surrogate_is_one_clear_400(settings) -> None:
    """It was a 500 text/plain (the safety model crashed on it); main's API refuses U+FFFD in a
    turn's text (its schema says so), and a lone surrogate escape is refused the same way."""
    from persona.turns import TurnSafety
    from tests.api_helpers import build_orchestrator
    from ui.api.app import create_app
    from ui.api.keys import KeyStore

    orchestrator = build_orchestrator(settings)
    orchestrator.safety = TurnSafety.for_data_dir(settings.data_dir)  # the moderation model would see the text
    keys = KeyStore.for_data_dir(settings.data_dir)
    key, _ = keys.create(name="test")
    with TestClient(create_app(settings=settings, orchestrator=orchestrator, keys=keys)) as api:
        api.headers["Authorization"] = f"Bearer {key}"
        body = json.dumps({"model": "atelier", "messages": [{"role": "user", "content": SURROGATE}]})  # "\\udcff"
        response = api.post("/v1/chat/completions", content=body, headers={"Content-Type": "application/json"})
        assert response.status_code == 400, response.text
        message = response.json()["error"]["message"]
        assert "lone surrogate" in message and "\n" not in message
        fine = api.post("/v1/chat/completions", json={"model": "atelier", "messages": [
            {"role": "user", "content": SURROGATE.replace("\udcff", "")}]})
        assert fine.status_code == 200 and fine.json()["choices"][0]["message"]["content"]


def test_chat_completions_with_invisible_text_is_a_400(api: TestClient) -> None:
    response = api.post("/v1/chat/completions", json={"model": "atelier", "messages": [
        {"role": "user", "content": "\u200b\u200b"}]})
    assert response.status_code == 400 and response.headers["content-type"].startswith("application/json")
    assert "empty" in response.json()["error"]["message"]


def test_a_turn_of_invisible_text_is_a_422(api: TestClient) -> None:
    session = new_session(api)
    response = api.post(f"/v1/sessions/{session}/turns", json={"text": "\u200b"})
    assert response.status_code == 422 and "empty" in response.json()["error"]["message"]


@pytest.mark.parametrize("route", ["/v1/sessions", "/v1/chat/completions"])
@pytest.mark.parametrize(("body", "needle"), [(DEEP, "nested"), (BIG_INT, "digits"),
                                              (b'{"user": "\xff\xfe"}', "UTF-8")])
def test_deep_huge_or_undecodable_json_bodies_are_a_400(api: TestClient, route: str, body, needle: str) -> None:
    response = api.post(route, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert needle in response.json()["error"]["message"]


def test_websocket_turn_of_invisible_text_is_an_error_event_and_the_socket_stays(api: TestClient) -> None:
    session = new_session(api)
    with api.websocket_connect(f"/v1/sessions/{session}/events") as ws:
        ws.receive_json()  # session_ready
        # messages are handled in order: the turn's answer comes before the pong
        ws.send_text(json.dumps({"type": "turn", "text": "\u200b\u200d"}))
        ws.send_text(json.dumps({"type": "ping"}))
        seen = read_until(ws, lambda e: e["type"] == "pong")
        assert seen[0]["type"] == "error" and "empty" in seen[0]["error"]["message"], seen
        ws.send_text('{"type": "turn", "text": "hi \\udcff"}')  # a lone surrogate escape: refused, one line
        ws.send_text(json.dumps({"type": "ping"}))
        seen = read_until(ws, lambda e: e["type"] == "pong")
        assert seen[0]["type"] == "error" and seen[0]["error"]["type"] == "bad_message", seen


# -- studio ---------------------------------------------------------------------------------------

def test_studio_refuses_invisible_text_and_cleans_surrogates(settings) -> None:
    import asyncio

    from ui.backend import StudioBackend
    from tests.api_helpers import build_orchestrator

    backend = StudioBackend(settings=settings, factory=build_orchestrator).start()
    assert backend.wait(120) and backend.error is None

    async def kinds(text: str) -> list[str]:
        return [event.kind async for event in backend.turn(text=text, session_id="s", user_id="u")]

    with pytest.raises(InputError, match="empty"):
        asyncio.run(kinds("\u200b"))
    assert asyncio.run(kinds(SURROGATE))[-1] == "turn_done"


def test_lone_surrogates_anywhere_in_api_bodies_never_make_a_500(api: TestClient) -> None:
    def post(route: str, body: dict):
        response = api.post(route, content=json.dumps(body), headers={"Content-Type": "application/json"})
        assert response.status_code < 500 and response.headers["content-type"].startswith("application/json")
        return response

    session = new_session(api)
    chat = {"model": "atelier", "messages": [{"role": "user", "content": "hello"}]}
    for route, body in (("/v1/chat/completions", {**chat, "user": "player \udcff"}),
                        ("/v1/chat/completions", {**chat, "model": "smith\udcff"}),
                        ("/v1/sessions", {"user": "\udcff"}), ("/v1/sessions", {"persona": "\udcff"})):
        post(route, body)  # a clear 4xx, or (an OpenAI 'user' or 'model' name) taken with U+FFFD in its place
    accepted = post(f"/v1/sessions/{session}/turns", {"text": SURROGATE})
    if accepted.status_code == 202:  # taken: what is stored and shown is the cleaned text
        job = api.get(accepted.json()["job_url"])
        assert job.status_code == 200 and job.json()["text"].endswith("\ufffd")


def test_a_code_point_newer_than_the_unicode_tables_is_not_empty() -> None:
    """Schemathesis sent a turn of one unassigned astral code point and got 'the request is empty'."""
    from agent.text import is_blank

    assert not is_blank("\U000A20FD")  # unassigned today (an emoji of a later Unicode would be too)
    assert not is_blank("\ue000")  # private use
    assert is_blank("\u200b\u2060 \t")  # zero-width and format characters still show nothing
