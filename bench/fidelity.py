"""What was asked for is what appears: render the by-eye rubric's requests and lay them out to score.

The requests (bench/data/fidelity_requests.jsonl, 44: 22 English, 22 Korean) are a seeded sample
(``random.Random(19)``) of the one-step image / panorama / video / mesh lines of the planner
corpus (agent/planner/data/corpus), whose writers never saw the kind library; nobody looked at
them while the library and parser were grown (a separate dev sample of 120 lines was used for
that). Each goes through the embedded planner (as a user's text would) to its visual step, and
that tool's real ``run`` makes the file; the bench then renders a still of it (a mesh is shown
by the CPU renderer, a video by a strip of 4 frames from start to end (2 x 2 on the sheet), a panorama whole) into a contact sheet.

Scores are given by eye (0 unrelated, 1 category only, 2 usable placeholder, 3 good) and kept in
bench/data/fidelity_scores.json; the table prints them next to what each artifact's
``meta.scene`` says was built, left out or stood in for.

    python -m bench.fidelity [--out DIR] [--only r01,r02] [--data PATH] [--scores PATH]

``--data`` renders another request file of the same form (an unseen set: its scores are its own
``<data>_scores.json`` beside it unless ``--scores`` names another file, so the dev scores are never
mixed with it); ``--scores`` is the file whose scores are printed next to the renders.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"
REQUESTS = DATA / "fidelity_requests.jsonl"
SCORES = DATA / "fidelity_scores.json"
TILE = 256
STRIP = 4  # frames across in a video's still
TARGET_MEAN = 2.3
VISUAL = ("image", "panorama", "video", "mesh")


def _plan(text: str, tool: str) -> tuple[str, dict[str, Any]]:
    """The visual step the embedded planner makes of ``text`` (the gold tool with the raw text
    when the planner finds none)."""
    from agent.planner.base import PlanContext
    from agent.planner.embedded import EmbeddedPlanner
    from agent.types import Request

    planner = _plan.planner  # type: ignore[attr-defined]
    if planner is None:
        planner = _plan.planner = EmbeddedPlanner.load()  # type: ignore[attr-defined]
    plan = planner.plan_sync(Request(text=text), PlanContext())
    for step in plan.steps:
        if step.tool in VISUAL and not any(isinstance(v, dict) and "$ref" in v for v in step.args.values()):
            return step.tool, dict(step.args)
    return tool, {"prompt": text}


_plan.planner = None  # type: ignore[attr-defined]


async def _make(tool: str, args: dict[str, Any], data_dir: Path) -> Any:
    from agent.config import Settings
    from agent.registry import ToolRegistry
    from agent.store import ArtifactStore
    from agent.tool import ToolContext

    settings = Settings(data_dir=data_dir)
    store = ArtifactStore(data_dir=data_dir, session_id="fidelity", user_id="bench")
    instance = ToolRegistry.from_entry_points(settings=settings).get(tool)
    allowed = set(instance.Input.model_fields)
    sizes = {"image": {"width": TILE, "height": TILE}, "panorama": {"width": 1024},
             "video": {"width": TILE, "height": TILE, "duration_s": 2.0, "fps": 12}, "mesh": {}}[tool]
    clean = {k: v for k, v in {**args, **sizes, "seed": 7}.items() if k in allowed}
    ctx = ToolContext(step_id="s1", session_id=store.session_id, user_id=store.user_id, store=store, settings=settings)
    return await instance.run(instance.Input.model_validate(clean), ctx)


def _still(tool: str, artifact: Any) -> Any:
    """A PIL image of what the artifact shows."""
    from PIL import Image

    if tool in ("image", "panorama"):
        return Image.open(artifact.path).convert("RGB")
    if tool == "video":
        import imageio_ffmpeg
        import numpy as np

        reader = imageio_ffmpeg.read_frames(str(artifact.path))
        meta = next(reader)
        frames = [frame for frame in reader]
        w, h = meta["size"]
        # a strip of STRIP frames spread over the clip, so motion can be judged from one PNG
        picks = [round(i * (len(frames) - 1) / (STRIP - 1)) for i in range(STRIP)] if len(frames) > 1 else [0]
        strip = Image.new("RGB", (w * len(picks), h), (255, 255, 255))
        for slot, index in enumerate(picks):
            strip.paste(Image.fromarray(np.frombuffer(frames[index], np.uint8).reshape(h, w, 3)), (slot * w, 0))
        return strip
    from tools.render.frame import render_frame
    from tools.render.stage import orbit_camera
    from tools.video.embedded import stage_from_mesh

    stage = stage_from_mesh(Path(artifact.path), "", seed=1)  # on a plain lawn under a day sky
    centre, radius = stage.focus()
    camera = orbit_camera(centre, radius, width=TILE, height=TILE, azimuth_deg=35.0, elevation_deg=18.0)
    return Image.fromarray(render_frame(stage, camera, seed=1))


def _as_grid(strip: Any) -> Any:
    """A video's strip of STRIP frames re-laid 2 across for the contact sheet, so each frame stays legible there
    (the per-request PNG keeps the strip)."""
    from PIL import Image

    frame_w, frame_h = strip.width // STRIP, strip.height
    across = 2
    grid = Image.new("RGB", (frame_w * across, frame_h * ((STRIP + across - 1) // across)), (255, 255, 255))
    for index in range(STRIP):
        frame = strip.crop((index * frame_w, 0, (index + 1) * frame_w, frame_h))
        grid.paste(frame, ((index % across) * frame_w, (index // across) * frame_h))
    return grid


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "atelier-fidelity")
    parser.add_argument("--only", default="", help="comma-separated request ids")
    parser.add_argument("--data", type=Path, default=REQUESTS, help="requests (JSONL: id, lang, tool, text)")
    parser.add_argument("--scores", type=Path, default=None,
                        help="by-eye scores to print next to the renders (JSON: id -> {score, note}; default: "
                             "fidelity_scores.json for the dev requests, else <data>_scores.json beside --data)")
    args = parser.parse_args(argv)
    if args.scores is None:  # another set's ids (r01...) must never pick up the dev set's scores
        args.scores = SCORES if args.data.resolve() == REQUESTS.resolve() else args.data.with_name(
            f"{args.data.stem}_scores.json")
    from PIL import Image, ImageDraw

    from agent.errors import AtelierError

    if not args.data.is_file():
        parser.error(f"no request file at {args.data}; pass --data PATH to a JSONL of {{id, lang, tool, text}}")
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.only:
        wanted = set(args.only.split(","))
        rows = [row for row in rows if row["id"] in wanted]
    scores = json.loads(args.scores.read_text(encoding="utf-8")) if args.scores.exists() else {}
    args.out.mkdir(parents=True, exist_ok=True)
    tiles, report = [], []
    for row in rows:
        started = time.perf_counter()
        tool, step_args = _plan(row["text"], row["tool"])
        entry: dict[str, Any] = {"id": row["id"], "lang": row["lang"], "text": row["text"], "tool": tool,
                                 "prompt": step_args.get("prompt")}
        try:
            result = asyncio.run(_make(tool, step_args, args.out / "store"))
            artifact = result.artifacts[0]
            still = _still(tool, artifact)
            entry.update(message=result.message, scene=artifact.meta.get("scene"), file=str(artifact.path))
        except AtelierError as exc:
            still = Image.new("RGB", (TILE, TILE), (40, 40, 40))
            entry.update(error=exc.message)
        entry["seconds"] = round(time.perf_counter() - started, 2)
        still.save(args.out / f"{row['id']}.png")
        tiles.append((row["id"], _as_grid(still) if tool == "video" and "error" not in entry else still))
        report.append(entry)
    columns = 8
    width = TILE
    rows_n = (len(tiles) + columns - 1) // columns
    sheet = Image.new("RGB", (columns * (width + 8), rows_n * (TILE + 24)), (255, 255, 255))
    draw = ImageDraw.Draw(sheet)
    for index, (ident, still) in enumerate(tiles):
        still = still.copy()
        still.thumbnail((width, TILE))
        x, y = (index % columns) * (width + 8), (index // columns) * (TILE + 24)
        sheet.paste(still, (x, y))
        draw.text((x + 2, y + TILE + 4), ident, fill=(0, 0, 0))  # the id, in the margin below the render
    sheet_path = args.out / "contact_sheet.png"
    sheet.save(sheet_path)
    (args.out / "fidelity_report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{'id':<4} {'lang':<4} {'tool':<8} {'score':>5} {'s':>5}  built / left out          request")
    given = []
    for entry in report:
        score = scores[entry["id"]]["score"] if isinstance(scores.get(entry["id"]), dict) else None
        if score is not None:
            given.append(score)
        scene = entry.get("scene") or {}
        built = ",".join(f"{o['kind']}x{o['count']}" for o in scene.get("objects", [])) or entry.get("error", "-")[:30]
        left = ("; no " + ",".join(scene.get("unmatched", []))) if scene.get("unmatched") else ""
        print(f"{entry['id']:<4} {entry['lang']:<4} {entry['tool']:<8} {'' if score is None else score:>5} "
              f"{entry['seconds']:5.1f}  {(built + left)[:26]:<26} {entry['text'][:60]}")
    print(f"\ncontact sheet: {sheet_path}\nreport: {args.out / 'fidelity_report.json'}")
    unscored = [entry["id"] for entry in report
                if not isinstance(scores.get(entry["id"]), dict) or scores[entry["id"]].get("score") is None]
    if not args.scores.exists():  # a fresh set: a form to score by eye from the contact sheet
        form = {"scale": "0 unrelated, 1 category only, 2 usable placeholder, 3 good", "scored_by": "",
                **{entry["id"]: {"score": None, "note": "", "text": entry["text"]} for entry in report}}
        args.scores.parent.mkdir(parents=True, exist_ok=True)
        args.scores.write_text(json.dumps(form, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote a scoring form to {args.scores}")
    elif unscored:
        print(f"not scored yet in {args.scores}: {', '.join(unscored)}")
    if given:
        print(f"by-eye scores ({args.scores.name}): {len(given)} scored, mean {statistics.mean(given):.2f} "
              f"(target >= {TARGET_MEAN}), zeros {sum(1 for s in given if s == 0)}")


if __name__ == "__main__":
    main()
