"""Two versions of paperhop side by side in one run: the same commands, their speed against the same floors, and
whether their output is byte for byte the same.

    git worktree add /tmp/before <commit>
    python benchmarks/bench_versions.py /tmp/before/src             # 100k papers and the shipped graph
    python benchmarks/bench_versions.py /tmp/before/src --graph DIR

Each version runs as a fresh process with its source first on PYTHONPATH, under this interpreter (so the same
libraries), in a cache folder of its own whose index is built first. The runs alternate (before, after, before,
...), each figure the best of REPEAT. Floors, measured in the same run: benchmarks/floor.py on the big graph, and
`python -c "import networkx"` for `path vit sora` on the shipped graph. Every command's stdout is compared between
the versions; figures go to benchmarks/results/versions.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_index import CLI, DEFAULT, quiet, wait_for_index  # noqa: E402
from run import RESULTS, best  # noqa: E402

AFTER = HERE.parent / "src"
REPEAT = 5


def commands(folder: Path, n: int) -> dict[str, list[str]]:
    newest, middle, tenth = f"p{n - 1}", f"p{n // 2}", f"p{n // 10}"
    big = ["--graph", str(folder)]
    return {
        "shipped: path vit sora": ["path", "vit", "sora"],
        "shipped: path -k 3 --via cites": ["path", "transformer", "sora", "-k", "3", "--via", "cites"],
        "shipped: reading-list sora": ["reading-list", "sora"],
        "shipped: reading-list sora --depth 1 --format json": [
            "reading-list",
            "sora",
            "--depth",
            "1",
            "--format",
            "json",
        ],
        "shipped: show sora --format json": ["show", "sora", "--format", "json"],
        "shipped: plan sora dit --max 4": ["plan", "sora", "dit", "--max", "4"],
        "shipped: next sora --known transformer,vit": ["next", "sora", "--known", "transformer,vit"],
        "shipped: why unet sora": ["why", "unet", "sora"],
        "100k: path (a tenth in, newest)": ["path", tenth, newest, *big],
        "100k: path (halfway, newest)": ["path", middle, newest, *big],
        "100k: path -k 3 (halfway, newest)": ["path", middle, newest, "-k", "3", *big],
        "100k: show (halfway)": ["show", middle, "--format", "json", *big],
        "100k: reading-list newest --depth 2": ["reading-list", newest, "--depth", "2", *big],
        "100k: reading-list newest (all)": ["reading-list", newest, *big],
        "100k: reading-list newest (all) --format json": ["reading-list", newest, "--format", "json", *big],
        "100k: reading-list newest --via curated": ["reading-list", newest, "--via", "curated", *big],
        "100k: next (a hundredth in)": ["next", f"p{n // 100}", *big],  # the old next was quadratic
        "100k: plan newest, halfway --max 20": ["plan", newest, middle, "--max", "20", *big],
    }


def env_for(src: Path, scratch: Path, name: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(src), "PAPERHOP_CACHE_DIR": str(scratch / name / "cache")}
    env["PAPERHOP_CONFIG_DIR"] = str(scratch / name / "config")  # no known-papers file
    env.pop("PAPERHOP_NO_CACHE", None)
    return env


def output(args: list[str], env: dict[str, str]) -> bytes:
    done = subprocess.run([sys.executable, "-c", CLI, *args], env=env, capture_output=True, check=False)
    return done.stdout + f"\n[exit {done.returncode}] ".encode() + done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path, help="the source folder (src/) of the version to compare against")
    parser.add_argument("--graph", type=Path, default=DEFAULT, help="a synthetic graph folder (tests.synthetic)")
    args = parser.parse_args()
    n = sum(1 for _ in (args.graph / "papers.jsonl").open("rb"))
    scratch = Path(tempfile.mkdtemp(prefix="paperhop-versions-"))
    versions = {"before": env_for(args.before.resolve(), scratch, "before"), "after": env_for(AFTER, scratch, "after")}
    try:
        for env in versions.values():  # each version's index, built once
            for graph in (["--graph", str(args.graph)], []):
                quiet([sys.executable, "-c", CLI, "show", "p0" if graph else "vit", *graph], env)
                wait_for_index(Path(env["PAPERHOP_CACHE_DIR"]))
        py = sys.executable
        floor = best([quiet([py, str(HERE / "floor.py"), str(args.graph)], os.environ) for _ in range(REPEAT)])
        networkx = best([quiet([py, "-c", "import networkx"], os.environ) for _ in range(REPEAT)])
        rows = {}
        for label, argv in commands(args.graph, n).items():
            runs: dict[str, list[tuple[float, float]]] = {"before": [], "after": []}
            for _ in range(REPEAT):
                for name, env in versions.items():
                    runs[name].append(quiet([py, "-c", CLI, *argv], env))
            base = networkx if label.startswith("shipped") else floor
            same = output(argv, versions["before"]) == output(argv, versions["after"])
            row = {name: best(r)[0] for name, r in runs.items()}
            rows[label] = {**row, "floor_s": base[0], "same_output": same}
            print(
                f"{label:<52} before {row['before']:6.3f} s {row['before'] / base[0]:6.3f}x   "
                f"after {row['after']:6.3f} s {row['after'] / base[0]:6.3f}x   output {'same' if same else 'DIFFERS'}",
                file=sys.stderr,
            )
        RESULTS.mkdir(exist_ok=True)
        result = {"before": str(args.before), "graph": str(args.graph), "papers": n, "runs": REPEAT, "rows": rows}
        (RESULTS / "versions.json").write_text(json.dumps(result, indent=2) + "\n")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
