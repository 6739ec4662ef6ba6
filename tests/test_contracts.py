"""Core contracts: request/plan validation, config loading, the store, the registry, LangChain."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from agent.config import Settings, load_settings
from agent.errors import ArtifactNotFound, ConfigError, InputError, PlanError
from agent.executor import Executor
from agent.langchain_tools import as_structured_tool
from agent.planner.validate import parse_plan
from agent.registry import ToolRegistry
from agent.store import ArtifactStore
from agent.types import Plan, Request
from tests.fakes import FakeImageTool, FakeVideoTool

ROOT = Path(__file__).resolve().parents[1]


# -- requests and plans -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "needle"),
    [("", "empty"), ("   \n\t", "empty"), ("x" * 100_000, "characters long"),
     ("\x00\x01\x02binary", "binary"), ("".join(chr(0xDC80 + i % 100) for i in range(200)), "binary")],
)
def test_bad_request_text_is_an_input_error(text, needle):
    with pytest.raises(Exception) as info:
        Request(text=text)
    assert needle in str(info.value)


def test_plan_rejects_unknown_fields_and_bad_ids():
    with pytest.raises(PlanError, match="stepz: Extra inputs"):
        parse_plan({"language": "en", "steps": [], "stepz": []})
    with pytest.raises(PlanError, match="s1"):
        parse_plan({"steps": [{"id": "step one", "tool": "mesh"}]})
    with pytest.raises(PlanError, match="twice"):
        parse_plan({"steps": [{"id": "s1", "tool": "mesh"}, {"id": "s1", "tool": "image"}]})
    assert parse_plan({"steps": []}) == Plan(steps=[], language="en")


# -- config -----------------------------------------------------------------------------------------
def test_config_layers_toml_env_and_flags(tmp_path):
    toml = tmp_path / "atelier.toml"
    toml.write_text('profile = "neural"\nstep_timeout_s = 30\n[backends]\nmesh = "embedded"\n')
    settings = load_settings(config_path=toml, environ={"ATELIER_STEP_TIMEOUT_S": "45",
                                                        "ATELIER_BACKENDS__IMAGE": "embedded"})
    assert settings.profile == "neural" and settings.step_timeout_s == 45
    assert settings.backend_for("mesh") == "embedded" and settings.backend_for("video") == "neural"
    assert settings.backend_for("image") == "embedded"
    flagged = load_settings({"profile": "embedded", "planner": None}, config_path=toml, environ={})
    assert flagged.profile == "embedded"


@pytest.mark.parametrize(
    ("environ", "needle"),
    [({"ATELIER_PROFILE": "turbo"}, "'profile'"), ({"ATELIER_STEP_TIMEOUT_S": "-1"}, "step_timeout_s"),
     ({"ATELIER_BACKENDS__TELEPORT": "neural"}, "unknown tool 'teleport'"), ({"ATELIER_COLOUR": "red"}, "colour")],
)
def test_bad_config_names_the_key_and_the_fix(environ, needle):
    with pytest.raises(ConfigError) as info:
        load_settings(environ=environ)
    assert needle in str(info.value)


def test_broken_toml_is_a_config_error(tmp_path):
    bad = tmp_path / "atelier.toml"
    bad.write_text("profile = ")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(config_path=bad, environ={})


# -- store ------------------------------------------------------------------------------------------
def test_store_manifest_provenance_and_lookup(store: ArtifactStore, tmp_path):
    source = tmp_path / "in.png"
    source.write_bytes(b"png bytes")
    artifact = store.add(source, kind="image", meta={"prompt": "cat", "tool": "image", "seed": 3})
    assert artifact.path.parent == store.root.resolve()  # copied into the session dir
    record = json.loads((store.root / "manifest.jsonl").read_text().splitlines()[0])
    assert record["sha256"] == artifact.sha256 and record["meta"]["prompt"] == "cat"
    assert record["user_id"] == "tester" and record["created_at"] > 0
    assert store.get(artifact.id) == artifact
    other_session = ArtifactStore(data_dir=store.data_dir, session_id="other", user_id="tester")
    assert other_session.get(artifact.id).id == artifact.id  # same user, another session
    stranger = ArtifactStore(data_dir=store.data_dir, session_id="other", user_id="someone")
    with pytest.raises(ArtifactNotFound):
        stranger.get(artifact.id)


def test_store_survives_a_torn_manifest_line(store: ArtifactStore, tmp_path):
    source = tmp_path / "a.png"
    source.write_bytes(b"x")
    kept = store.add(source, kind="image")
    with (store.root / "manifest.jsonl").open("a") as handle:
        handle.write('{"id": "a_torn", "kin')
    assert [a.id for a in store.artifacts()] == [kept.id]


@pytest.mark.parametrize("name", ["../escape.png", "..%2f..", "/etc/passwd", "a/../../b", ""])
def test_store_paths_cannot_escape_the_session(store: ArtifactStore, name):
    if name == "..%2f..":  # a literal name with encoded slashes stays a plain file name inside
        assert store.path_for(name).parent == store.root.resolve()
        return
    with pytest.raises(InputError):
        store.path_for(name)


@pytest.mark.parametrize("session", ["../x", "a/b", "", "x" * 65, "..", "C:\\x"])
def test_session_ids_are_checked(settings, session):
    with pytest.raises(InputError):
        ArtifactStore(data_dir=settings.data_dir, session_id=session)


# -- registry and plugins ---------------------------------------------------------------------------
def test_builtin_tools_come_from_the_entry_point_group(settings):
    from importlib.metadata import entry_points

    names = {ep.name for ep in entry_points(group="atelier.tools")}
    assert "mesh" in names
    registry = ToolRegistry.from_entry_points(settings=settings)
    assert "mesh" in registry.names()
    spec = registry.spec("mesh")
    assert spec.produces == ("mesh",) and "prompt" in spec.input_schema["properties"]
    assert ToolRegistry(settings=settings).spec("panorama") is None  # no class, no spec: nothing restates it
    with pytest.raises(PlanError, match="unknown tool"):
        registry.get("teleport")


async def test_a_tool_that_fails_to_load_is_not_planned_and_says_why(settings, monkeypatch, store):
    """Its name is known from the entry point, but it has no spec: planners never see it, and a step
    that names it anyway fails with the load error while the others run."""
    import agent.registry

    real = agent.registry.entry_points

    class Broken:
        name, value = "panorama", "tools.panorama:NoSuchTool"

        def load(self):
            raise ImportError("cannot import name 'NoSuchTool' from 'tools.panorama'")

    monkeypatch.setattr(agent.registry, "entry_points",
                        lambda group: [e for e in real(group=group) if e.name != "panorama"] + [Broken()])
    registry = ToolRegistry.from_entry_points(settings=settings)
    assert "panorama" in registry.known() and "panorama" not in registry.specs() and "mesh" in registry.specs()
    with pytest.raises(PlanError, match="not available in this installation.*NoSuchTool"):
        registry.get("panorama")
    plan = Plan(steps=[{"id": "s1", "tool": "panorama", "args": {"prompt": "a desert"}},
                       {"id": "s2", "tool": "transcribe", "args": {"audio": {"$ref": "s1"}}}])
    with pytest.raises(PlanError, match="s2.*audio"):  # nothing is known of what it would make
        Executor(registry=registry, settings=settings).check(plan, store)
    run = Executor(registry=registry, settings=settings).start(
        Plan(steps=[plan.steps[0], {"id": "s2", "tool": "mesh", "args": {"prompt": "a cup"}}]), store=store,
        turn_id="t_test")
    _ = [event async for event in run.events()]
    assert run.outcomes["s1"].status == "failed" and "NoSuchTool" in run.outcomes["s1"].error.message
    assert run.outcomes["s2"].status == "ok"


def test_a_plan_longer_than_the_setting_is_refused_naming_it(settings, store):
    registry = ToolRegistry.from_entry_points(settings=settings)
    steps = [{"id": f"s{i}", "tool": "mesh", "args": {"prompt": "a cup"}} for i in range(1, 4)]
    short = settings.model_copy(update={"limits": settings.limits.model_copy(update={"max_plan_steps": 2})})
    with pytest.raises(PlanError, match="limits.max_plan_steps"):
        Executor(registry=registry, settings=short).check(Plan(steps=steps), store)
    assert len(Executor(registry=registry, settings=settings).check(Plan(steps=steps), store).steps) == 3


def test_importing_packages_loads_nothing_heavy():
    code = ("import sys, agent.app.cli, agent.app.build, agent.orchestrator, agent.executor, agent.registry, tools.mesh, "
            "agent.planner.validate, agent.runner, agent.cluster.workers, ui.api.app, ui.api.cli, ui.api.state_ray\n"
            "from agent.app.build import build_runner\nfrom agent.config import Settings\nbuild_runner(Settings())\n"
            "heavy = [m for m in ('torch', 'diffusers', 'gradio', 'chromadb', 'trimesh', 'sentence_transformers', 'ray')"
            " if m in sys.modules]\nprint(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == ""


async def test_tools_are_langchain_structured_tools(settings, store):
    from langchain_core.tools import StructuredTool

    registry = ToolRegistry(settings=settings)
    registry.register(FakeImageTool)
    registry.register(FakeVideoTool)
    executor = Executor(registry=registry, settings=settings)
    image_tool = as_structured_tool("image", executor=executor, store=store)
    assert isinstance(image_tool, StructuredTool)
    assert "prompt" in image_tool.args and image_tool.args["source"]["anyOf"][0]["type"] == "string"
    made = json.loads(await image_tool.ainvoke({"prompt": "owl"}))
    image_id = made["artifacts"][0]["id"]
    video_tool = as_structured_tool("video", executor=executor, store=store)
    clip = json.loads(await video_tool.ainvoke({"source": image_id}))
    assert clip["artifacts"][0]["kind"] == "video"
    failed = json.loads(await image_tool.ainvoke({"prompt": "x", "fail": True}))
    assert failed["error"]["type"] == "ToolError"


def test_store_hides_other_users_artifacts_in_a_shared_session(settings, tmp_path):
    alice = ArtifactStore(data_dir=settings.data_dir, session_id="shared", user_id="alice")
    bob = ArtifactStore(data_dir=settings.data_dir, session_id="shared", user_id="bob")
    source = tmp_path / "a.png"
    source.write_bytes(b"x")
    mine = alice.add(source, kind="image")
    with pytest.raises(ArtifactNotFound):
        bob.get(mine.id)


def test_forget_user_removes_files_and_manifest_lines_only_for_that_user(settings, tmp_path):
    from agent.store import forget_user, user_records

    source = tmp_path / "a.png"
    source.write_bytes(b"x")
    alice = ArtifactStore(data_dir=settings.data_dir, session_id="s1", user_id="alice")
    bob = ArtifactStore(data_dir=settings.data_dir, session_id="s1", user_id="bob")
    gone, kept = alice.add(source, kind="image"), bob.add(source, kind="image")
    assert forget_user(settings.data_dir, "alice") == 1
    assert not gone.path.exists() and kept.path.exists()
    assert user_records(settings.data_dir, "alice") == []
    assert [r["id"] for r in user_records(settings.data_dir, "bob")] == [kept.id]
