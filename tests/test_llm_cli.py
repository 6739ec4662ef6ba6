"""``plan``/``run`` with ``--llm-base-url``/``--llm-model``: the LLM plans and speaks; an
unreachable endpoint still gives a valid plan, exit 0 and the warning in ``--json``."""

from __future__ import annotations

import json

from agent.llm.fake_server import Answer, FakeOpenAI
from tests.test_cli import invoke

PANORAMA = json.dumps({"language": "en", "steps": [
    {"id": "s1", "tool": "panorama", "args": {"prompt": "a desert at sunset"}, "depends_on": []}]})
PICTURE = json.dumps({"language": "en", "steps": [
    {"id": "s1", "tool": "image", "args": {"prompt": "a desert at sunset", "width": 64, "height": 64}}]})


def test_plan_with_an_unreachable_endpoint_falls_back_with_a_warning(capsys, monkeypatch):
    monkeypatch.setenv("ATELIER_LLM__MAX_RETRIES", "0")
    monkeypatch.setenv("ATELIER_MEMORY__ENABLED", "false")  # memory is not what this test is about
    code, out, err = invoke(["plan", "make a red wooden table in 3D", "--json",
                             "--llm-base-url", "http://127.0.0.1:9/v1", "--llm-model", "qwen2.5"], capsys)
    assert code == 0, err
    result = json.loads(out)
    assert set(result) == {"language", "steps", "warnings"} and result["steps"][0]["tool"] == "mesh"
    assert "cannot reach" in result["warnings"][0] and "embedded planner" in result["warnings"][0]
    assert "warning:" in err


def test_plan_and_run_with_an_openai_compatible_endpoint(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("ATELIER_MEMORY__ENABLED", "false")
    with FakeOpenAI([Answer(PANORAMA)]) as server:
        code, out, err = invoke(["plan", "a desert at sunset all around me", "--json",
                                 "--llm-base-url", server.base_url, "--llm-model", "fake"], capsys)
        assert code == 0, err
        assert json.loads(out) == {"language": "en", "steps": [
            {"id": "s1", "tool": "panorama", "args": {"prompt": "a desert at sunset"}, "depends_on": []}]}
    reply = "Aye! Your desert picture is ready, friend."
    with FakeOpenAI([Answer(PICTURE), Answer(reply)]) as server:
        code, out, err = invoke(["run", "a desert at sunset all around me", "--json", "--persona", "blacksmith",
                                 "--llm-base-url", server.base_url, "--llm-model", "fake",
                                 "--data-dir", str(tmp_path / "data")], capsys)
        assert code == 0, err
        result = json.loads(out)
        deltas = [e["message"] for e in result["events"] if e["kind"] == "message_delta"]
        assert "".join(deltas) == result["reply"] == reply
        assert result["artifacts"][0]["kind"] == "image"
        assert "Bram" in server.requests[1]["messages"][0]["content"]
    with FakeOpenAI([Answer(PANORAMA), Answer(reply)]) as server:
        code, out, err = invoke(["run", "a desert at sunset all around me", "--llm-base-url", server.base_url,
                                 "--llm-model", "fake", "--data-dir", str(tmp_path / "data")], capsys)
        assert code == 0, err
        assert out.count(reply) == 1 and out.startswith(reply)  # streamed once, not printed again
