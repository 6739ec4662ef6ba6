"""Memory benchmarks: scale (insert rate, query latency at 100k), embedding speed, recall@5.

    python -m bench.memory [--n 100000] [--queries 300] [--skip-scale]

Scale uses precomputed unit vectors (384-d) so that insert throughput excludes
embedding time, which is reported on its own line. It runs twice: all memories held by one
user (the biggest index one query meets) and spread over 1000 users (one collection each). Recall@5 runs the real memory stream
(the shared multilingual encoder + hybrid relevance + recency/importance) on ``bench/data/memory_retrieval.jsonl``,
with every user's memories in the same store so that privacy scoping is exercised too.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

DATA = Path(__file__).parent / "data" / "memory_retrieval.jsonl"
TARGETS = {"query_p95_ms": 30.0, "insert_per_s": 500.0, "recall_at_5": 0.8}


def _pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def _unit(rng: np.random.Generator, n: int) -> np.ndarray:
    vectors = rng.normal(size=(n, 384)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _meta(i: int, now: float, user: str) -> dict:
    return {"user": user, "persona": "", "kind": "observation", "speaker": "user", "session": "s",
            "importance": float(1 + i % 9), "created_at": now - i, "last_accessed": now - i}


def scale(n: int, queries: int, users: int, batch: int = 1000) -> list[tuple[str, str, str]]:
    """Two layouts of ``n`` memories: one user holding all of them (the largest index a query
    meets), and ``users`` users sharing them (one collection each, as Atelier stores them)."""
    from agent.encoder import HashingEncoder
    from memory.store import MEMORIES, MemoryStore, collection_name
    from memory.stream import MemoryStream

    rng = np.random.default_rng(7)
    rows: list[tuple[str, str, str]] = []
    now = time.time()
    for layout in ("one user", f"{users} users"):
        many = layout != "one user"
        with tempfile.TemporaryDirectory() as tmp, MemoryStore(encoder=HashingEncoder(dim=384), path=Path(tmp) / "m") as store:
            vectors = _unit(rng, n)
            elapsed = 0.0
            step = max(1, n // users) if many else batch
            for start in range(0, n, step):
                stop = min(n, start + step)
                user = f"u{start // step}" if many else "u0"
                began = time.perf_counter()
                store.add(collection_name(MEMORIES, user), ids=[f"m{i}" for i in range(start, stop)],
                          documents=[f"memory number {i} about topic {i % 997}" for i in range(start, stop)],
                          metadatas=[_meta(i, now, user) for i in range(start, stop)], embeddings=vectors[start:stop])
                elapsed += time.perf_counter() - began
            rows.append((f"[{layout}] batched insert, excl. embedding", f"{n / elapsed:,.0f} items/s",
                         f">= {TARGETS['insert_per_s']:.0f}"))
            probes = _unit(rng, queries)
            raw: list[float] = []
            for i, probe in enumerate(probes):
                name = collection_name(MEMORIES, f"u{i % users}" if many else "u0")
                began = time.perf_counter()
                store.query(name, embedding=probe, n_results=50)
                raw.append((time.perf_counter() - began) * 1000)
            rows.append((f"[{layout}] query k=50 of {n:,} memories",
                         f"p50 {statistics.median(raw):.1f} ms, p95 {_pct(raw, 95):.1f} ms",
                         f"p95 <= {TARGETS['query_p95_ms']:.0f} ms"))
            stream = MemoryStream(store=store)
            full: list[float] = []
            for i in range(min(queries, 200)):
                began = time.perf_counter()
                stream.recall(user=f"u{i % users}" if many else "u0", query=f"topic {i % 997}", k=5, touch=False)
                full.append((time.perf_counter() - began) * 1000)
            rows.append((f"[{layout}] recall(): query + lexical + scoring",
                         f"p50 {statistics.median(full):.1f} ms, p95 {_pct(full, 95):.1f} ms", "(fake encoder)"))
    return rows


def embedding_speed() -> list[tuple[str, str, str]]:
    from memory.embeddings import shared_encoder

    encoder = shared_encoder()
    began = time.perf_counter()
    encoder.encode(["warm up"])
    load = time.perf_counter() - began
    texts = [f"My name is person {i} and I like drawing dragons in {i % 7} colours" for i in range(1024)]
    began = time.perf_counter()
    encoder.encode(texts)
    batched = len(texts) / (time.perf_counter() - began)
    single: list[float] = []
    for text in texts[:50]:
        began = time.perf_counter()
        encoder.encode([text])
        single.append((time.perf_counter() - began) * 1000)
    return [("encoder load (first use)", f"{load:.2f} s", "-"),
            ("embedding, a batch of 1024", f"{batched:,.0f} texts/s", "-"),
            ("embedding, one query", f"p50 {statistics.median(single):.1f} ms", "-")]


def recall_at_5(encoder=None) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Recall@5 of the memory stream on ``DATA`` with ``encoder`` (the shared one by default)."""
    from memory.embeddings import shared_encoder
    from memory.store import MemoryStore
    from memory.stream import MemoryStream

    items = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    misses: list[str] = []
    per_lang: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp, MemoryStore(encoder=encoder or shared_encoder(), path=Path(tmp) / "m") as store:
        stream = MemoryStream(store=store, reflection_threshold=1e9)
        now = time.time()
        ids: dict[str, str] = {}
        memories = [item for item in items if item["kind"] == "memory"]
        for offset, item in enumerate(memories):
            record = stream.observe(user=item["user"], text=item["text"], at=now - 3600 * (len(memories) - offset),
                                    reflect=False)
            ids[record.id] = item["id"]
        for item in (i for i in items if i["kind"] == "query"):
            got = [ids[m.record.id] for m in stream.recall(user=item["user"], query=item["text"], k=5, now=now,
                                                             touch=False)]
            found = len(set(got) & set(item["relevant"])) / len(item["relevant"])
            per_lang.setdefault(item["lang"], []).append(found)
            if found < 1:
                misses.append(f"  miss [{item['lang']}] {item['text']!r}: top5 {got}, wanted {item['relevant']}")
    rows = [(f"recall@5 ({lang}, {len(v)} queries)", f"{sum(v) / len(v):.3f}", f">= {TARGETS['recall_at_5']}")
            for lang, v in sorted(per_lang.items())]
    everything = [x for v in per_lang.values() for x in v]
    rows.append((f"recall@5 (all, {len(everything)} queries)", f"{sum(everything) / len(everything):.3f}",
                 f">= {TARGETS['recall_at_5']}"))
    return rows, misses


def _print(rows: list[tuple[str, str, str]]) -> None:
    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)}  {'result':<32} target")
    for name, value, target in rows:
        print(f"{name.ljust(width)}  {value:<32} {target}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.memory", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="memories in the scale test")
    parser.add_argument("--queries", type=int, default=300, help="timed queries")
    parser.add_argument("--users", type=int, default=1000, help="users sharing the memories in the second layout")
    parser.add_argument("--skip-scale", action="store_true", help="only embedding speed and recall@5")
    args = parser.parse_args(argv)
    rows: list[tuple[str, str, str]] = []
    if not args.skip_scale:
        rows += scale(args.n, args.queries, args.users)
    rows += embedding_speed()
    quality, misses = recall_at_5()
    rows += quality
    _print(rows)
    if misses:
        print("\n".join(["", "queries whose relevant memory was not in the top 5:", *misses]))


if __name__ == "__main__":
    main()
