"""The worst valid graphs, as whole commands against floors measured in the same run (each a fresh process:
wall seconds and peak memory, the best of REPEAT):

- a chain of 20,000 papers (p0 -> p1 -> ... ): `path -k 2` and `why --limit 2` from its first paper to its
  last, against `path` (one path search) and against the floor (benchmarks/floor.py);
- a citation cycle of 1,000,000 papers: `validate`, the first `reading-list` (the graph read and checked, the
  answer from it, the index built by a detached process), the next one (from the index), and `why`, against
  the floor;
- one paper with a 50 MB summary: `validate` of it with an unknown field, against the same line without.

    python benchmarks/bench_worst.py            # all three
    python benchmarks/bench_worst.py --small    # the cycle at 100,000 papers

Graphs are written under /work/scratch/worst/ once. Figures go to benchmarks/results/worst.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from itertools import pairwise
from pathlib import Path

import orjson

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import _WRAPPER, BIN, RESULTS  # noqa: E402

SCRATCH = Path("/work/scratch/worst")
REPEAT = 2


def write_graph(folder: Path, n: int, *, cycle: bool) -> Path:
    if (folder / "edges.jsonl").exists():
        return folder
    folder.mkdir(parents=True)
    keys = [f"p{i}" for i in range(n)]
    with (folder / "papers.jsonl").open("wb") as f:
        f.writelines(
            orjson.dumps({"key": k, "title": f"Paper {i}", "year": 2000 + i * 20 // n}) + b"\n"
            for i, k in enumerate(keys)
        )
    (folder / "concepts.jsonl").write_bytes(b"")
    edges = list(pairwise(keys)) + ([(keys[-1], keys[0])] if cycle else [])
    with (folder / "edges.jsonl").open("wb") as f:
        f.writelines(orjson.dumps({"source": u, "target": v, "kind": "cites"}) + b"\n" for u, v in edges)
    return folder


def write_big_line(folder: Path, *, unknown: bool) -> Path:
    if not folder.exists():
        folder.mkdir(parents=True)
        record = {"key": "big", "title": "Big", "year": 2020, "summary": "x" * 50_000_000}
        if unknown:
            record["unknown_field"] = 1
        (folder / "papers.jsonl").write_bytes(orjson.dumps(record) + b"\n")
        (folder / "concepts.jsonl").write_bytes(b"")
        (folder / "edges.jsonl").write_bytes(b"")
    return folder


def command(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """run.command's figures (wall seconds, peak MB of one fresh process), where exit 1 is an answer too
    (`validate` of a graph with errors)."""
    import subprocess

    done = subprocess.run([sys.executable, "-c", _WRAPPER, *args], env=env, capture_output=True, text=True, check=True)
    elapsed, peak_kb, code = done.stdout.split()[-3:]
    if code not in ("0", "1"):
        raise SystemExit(f"{' '.join(args)} failed ({code}): {done.stderr[-500:]}")
    return float(elapsed), int(peak_kb) / 1024


def best(args: list[str], *, fresh_cache: bool, warm: bool = False) -> tuple[float, float]:
    """The best time and memory of the command *args*, each run with a cache of its own (built by a first,
    untimed run if *warm*), or with none."""
    runs = []
    for _ in range(REPEAT):
        with tempfile.TemporaryDirectory() as cache:
            env = {**os.environ, "PAPERHOP_CACHE_DIR": cache, "PAPERHOP_NO_CACHE": "0" if fresh_cache else "1"}
            if warm:
                command(args, env)
            runs.append(command(args, env))
    return min(t for t, _ in runs), min(m for _, m in runs)


def floor(folder: Path) -> tuple[float, float]:
    return min(
        (command([sys.executable, str(HERE / "floor.py"), str(folder)]) for _ in range(REPEAT)), key=lambda r: r[0]
    )


def figures(name: str, base: tuple[float, float], rows: dict[str, tuple[float, float]]) -> dict[str, object]:
    out: dict[str, object] = {"floor_s": base[0], "floor_mb": base[1]}
    for label, (seconds, mb) in rows.items():
        out[label] = {"s": seconds, "mb": mb, "time_ratio": seconds / base[0], "memory_ratio": mb / base[1]}
        print(f"{name:6} {label:34} {seconds:8.2f} s {mb:8.0f} MB  {seconds / base[0]:5.2f}x  mem {mb / base[1]:4.2f}x")
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true")
    args = parser.parse_args()
    ph = str(BIN / "paperhop")
    out: dict[str, object] = {}

    chain = write_graph(SCRATCH / "chain20k", 20_000, cycle=False)
    g = ["--graph", str(chain)]
    one = best([ph, "path", "p0", "p19999", *g], fresh_cache=True, warm=True)
    rows = {
        "path (one search)": one,
        "path -k 2": best([ph, "path", "p0", "p19999", "-k", "2", *g], fresh_cache=True, warm=True),
        "why --limit 2": best([ph, "why", "p0", "p19999", "--limit", "2", *g], fresh_cache=False),
    }
    out["chain"] = figures("chain", floor(chain), rows)
    out["chain"]["k2_over_one_search"] = rows["path -k 2"][0] / one[0]  # type: ignore[index]
    print(f"chain  path -k 2 / path: {rows['path -k 2'][0] / one[0]:.2f}x")

    n = 100_000 if args.small else 1_000_000
    cycle = write_graph(SCRATCH / f"cycle{n // 1000}k", n, cycle=True)
    g = ["--graph", str(cycle)]
    middle = f"p{n // 2}"
    rows = {
        "validate": best([ph, "validate", *g], fresh_cache=False),
        "reading-list, first after a change": best([ph, "reading-list", middle, "--no-known", *g], fresh_cache=True),
        "reading-list, next": best([ph, "reading-list", middle, "--no-known", *g], fresh_cache=True, warm=True),
        "why": best([ph, "why", "p10", "p20", *g], fresh_cache=False),
    }
    out["cycle"] = {"papers": n, **figures("cycle", floor(cycle), rows)}

    good = write_big_line(SCRATCH / "line-good", unknown=False)
    bad = write_big_line(SCRATCH / "line-unknown", unknown=True)
    base = best([ph, "validate", "--graph", str(good)], fresh_cache=False)
    out["line"] = figures(
        "line", base, {"validate, unknown field": best([ph, "validate", "--graph", str(bad)], fresh_cache=False)}
    )

    (RESULTS / "worst.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
