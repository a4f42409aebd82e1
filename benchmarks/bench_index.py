"""The reading commands as a user runs them (`paperhop path A B`, `paperhop show P`,
`paperhop reading-list T --depth 2`, `paperhop reading-list T`, output to /dev/null), each a
fresh process, against the floor (benchmarks/floor.py, orjson + a bare nx.DiGraph) measured
in the same run. Every graph is answered from its SQLite index (paperhop.index, built by the
first command after a change), as the CLI does.

    python benchmarks/bench_index.py [PAPERS ...]   # default: 1000 10000 100000; each replaces its row
                                                    # in results/index.json (1000000 is run alone)
    python benchmarks/bench_index.py --plot         # the plot again, from results/index.json
    python benchmarks/bench_index.py --table        # the table of docs/scale.md, from results/index.json

"whole list, keys only" is the library call `queries.paths.listed` over the index alone (the order the
index gives, before records are read and rendered): it tells the order from the rest.

Each graph is generated once (generate(n, cycles=n // 2000)) and kept under
/work/scratch/bench/. Figures go to benchmarks/results/index.json, the plot to
benchmarks/results/index-growth.png.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.synthetic: the generator tests use too
from run import RESULTS, best, command  # noqa: E402

DEFAULT = Path("/work/scratch/bench/g100k")

CLI = "from paperhop.cli import main; main()"  # the [project.scripts] entry point, run from this interpreter

KEYS_ONLY = """
import sys
from paperhop.index import open_index
from paperhop.index.source import IndexSource
from paperhop.queries.paths import VIA_MASK, listed
with open_index(sys.argv[1]) as ix:
    source = IndexSource(ix)
    print(len(listed(source.edges(VIA_MASK["all"], set()), source.resolve(sys.argv[2]))))
"""

# run.command's wrapper, with the command's stdout sent to /dev/null (what a user pays to render it, not a pipe's
# reader in this process): wall seconds, peak RSS, exit code.
_WRAPPER = """
import os, sys, time
start = time.perf_counter()
child = os.fork()
if child == 0:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(child, 0)
print(time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def quiet(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one fresh process, its output to /dev/null."""
    result = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *args], env=env, capture_output=True, text=True, check=True
    )
    elapsed, peak_kb, code = result.stdout.split()[-3:]
    if code != "0" and not (code == "1" and "no reading path" in result.stderr):  # no path: an answer too
        raise SystemExit(f"{' '.join(args)} failed ({code}): {result.stderr}")
    return float(elapsed), int(peak_kb) / 1024


BUILD = """
import sqlite3, sys
from contextlib import closing
from paperhop.load import load
from paperhop.index import build_index
G = load(sys.argv[1])  # the graph read and checked, as every build starts
with closing(sqlite3.connect(sys.argv[2])) as db:
    build_index(db, G, "bench")
"""


def wait_for_index(cache: Path) -> None:
    """Until the detached build the first command started has put its index in place."""
    for _ in range(6000):
        if list(cache.glob("index-*.sqlite")) and not list(cache.glob(".index-*")):
            return
        time.sleep(0.1)
    raise SystemExit("the index was not built in the background")


SIZES = {1_000: Path("/work/scratch/bench/g1k"), 10_000: Path("/work/scratch/bench/g10k"), 100_000: DEFAULT}


def graph_folder(n: int, folder: Path) -> Path:
    if not folder.exists():
        from tests.synthetic import write_folder  # generate() and save_graph, without a model per record

        write_folder(n, folder, cycles=max(1, n // 2000))
    return folder


def measure(n: int, folder: Path, repeat: int = 5) -> dict[str, object]:
    scratch = Path(tempfile.mkdtemp(prefix="paperhop-index-"))
    # Its own cache folder (the index, the stat record) and config folder (no known-papers file).
    env = {**os.environ, "PAPERHOP_CACHE_DIR": str(scratch / "cache"), "PAPERHOP_CONFIG_DIR": str(scratch / "config")}
    env.pop("PAPERHOP_NO_CACHE", None)  # =1 would make the CLI load the whole graph
    py = sys.executable
    try:
        floor = best([command([py, str(HERE / "floor.py"), str(folder)]) for _ in range(repeat)])
        builds = []
        for i in range(min(repeat, 3 if n < 1_000_000 else 2)):
            no_pickle = {**env, "PAPERHOP_NO_CACHE": "1"}
            builds.append(command([py, "-c", BUILD, str(folder), str(scratch / f"build-{i}.sqlite")], no_pickle))
        build = best(builds)
        newest, middle = f"p{n - 1}", f"p{n // 2}"
        graph = ["--graph", str(folder)]
        # Once per change of the files: the graph read and checked, the answer from it; the index is built by a
        # detached process, for the commands below. Each run in a cache of its own, once the last one's build is
        # done (it would take a core from the command measured).
        firsts = []
        for i in range(3 if n < 1_000_000 else 1):
            own = {**env, "PAPERHOP_CACHE_DIR": str(scratch / f"cache-{i}")}
            firsts.append(quiet([py, "-c", CLI, "path", f"p{n // 10}", newest, *graph], own))
            wait_for_index(scratch / f"cache-{i}")
        first = best(firsts)
        appends = after_appends(folder, scratch, env, n) if n < 1_000_000 else None
        quiet([py, "-c", CLI, "path", f"p{n // 10}", newest, *graph], env)
        wait_for_index(scratch / "cache")
        queries = {
            "path (a tenth in, newest)": [py, "-c", CLI, "path", f"p{n // 10}", newest, *graph],
            "path (halfway, newest)": [py, "-c", CLI, "path", middle, newest, *graph],
            "show (halfway)": [py, "-c", CLI, "show", middle, *graph],
            "reading-list newest --depth 2": [py, "-c", CLI, "reading-list", newest, "--depth", "2", *graph],
            "reading-list newest (all)": [py, "-c", CLI, "reading-list", newest, *graph],
            "reading-list newest (all) --format json": [
                *[py, "-c", CLI, "reading-list", newest, "--format", "json"],
                *graph,
            ],
            "whole list, keys only (library)": [py, "-c", KEYS_ONLY, str(folder), newest],
        }
        rows: dict[str, dict[str, float]] = {}
        for name, args in queries.items():
            runs = min(repeat, 2) if n >= 1_000_000 and name.startswith("reading-list newest (all)") else repeat
            t, mb = best([quiet(args, env) for _ in range(runs)])
            rows[name] = {"s": t, "mb": mb, "ratio": t / floor[0], "memory_ratio": mb / floor[1]}
            print(
                f"{n:>7} {name:<40} {t:6.2f} s {mb:5.0f} MB  {t / floor[0]:.3f}x  memory {mb / floor[1]:.2f}x",
                file=sys.stderr,
            )
        listed = subprocess.run(
            [py, "-c", KEYS_ONLY, str(folder), newest], env=env, capture_output=True, text=True, check=True
        ).stdout
        with open(folder / "edges.jsonl", "rb") as handle:
            edges = sum(1 for _ in handle)
        return {
            "papers": n,
            "edges": edges,
            "graph": str(folder),
            "runs": repeat,
            "newest_list_papers": int(listed),
            "floor_s": floor[0],
            "floor_mb": floor[1],
            "build_s": build[0],
            "build_ratio": build[0] / floor[0],
            "build_mb": build[1],
            "first_open_s": first[0],
            "first_open_ratio": first[0] / floor[0],
            **(
                {"after_append_s": appends[0], "after_append_ratio": appends[0] / floor[0]}
                if appends is not None
                else {}
            ),
            "index_mb": (scratch / "build-0.sqlite").stat().st_size / 2**20,
            "queries": rows,
        }
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def after_appends(folder: Path, scratch: Path, env: dict[str, str], n: int) -> tuple[float, float]:
    """The best of 3 first commands after a paper and two citations of it are appended to a copy of *folder*,
    whose index was built (each grows the index the one before it left, once its rebuild is done)."""
    work, cache = scratch / "appended", scratch / "cache-appended"
    shutil.copytree(folder, work)
    own = {**env, "PAPERHOP_CACHE_DIR": str(cache)}
    graph = ["--graph", str(work)]
    quiet([sys.executable, "-c", CLI, "show", "p0", *graph], own)
    wait_for_index(cache)
    runs = []
    for i in range(3):
        with open(work / "papers.jsonl", "a") as handle:
            handle.write(f'{{"key": "new{i}", "title": "A new paper {i}", "year": 2025}}\n')
        with open(work / "edges.jsonl", "a") as handle:
            handle.write(f'{{"source": "p{n - 1}", "target": "new{i}", "kind": "cites"}}\n')
            handle.write(f'{{"source": "p{n // 2}", "target": "new{i}", "kind": "cites"}}\n')
        runs.append(quiet([sys.executable, "-c", CLI, "path", f"p{n // 10}", f"new{i}", *graph], own))
        wait_for_index(cache)
    return best(runs)


GOALS = {  # issue 15, at 100k papers: time against the floor; peak memory <= 0.5x the floor's
    "path (a tenth in, newest)": 0.1,
    "path (halfway, newest)": 0.1,
    "show (halfway)": 0.1,
    "reading-list newest --depth 2": 0.1,
    "reading-list newest (all)": 0.75,
    "reading-list newest (all) --format json": 0.75,
}


def goal_met(ratio: float, goal: float, judged: bool) -> str:
    return (f"<= {goal}x: " + ("met" if ratio <= goal else "**missed**")) if judged else f"<= {goal}x"


def table(results: list[dict[str, object]]) -> str:
    """One row per graph and figure: what docs/scale.md shows."""
    lines = [
        "| papers / edges | figure | time | ratio to floor | peak memory | ratio | goal (at 100k) |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        size = f"{r['papers']:,} / {r['edges']:,}"
        lines.append(f"| {size} | floor | {r['floor_s']:.2f} s | 1 | {r['floor_mb']:.0f} MB | 1 | |")
        lines.append(
            f"| {size} | read, check and index | {r['build_s']:.2f} s | {r['build_ratio']:.2f}x | "
            f"{r['build_mb']:.0f} MB | | |"
        )
        judged = r["papers"] >= 100_000  # type: ignore[operator]
        lines.append(
            f"| {size} | first command after a change (the index built after it) | {r['first_open_s']:.2f} s | "
            f"{r['first_open_ratio']:.2f}x | | | {goal_met(r['first_open_ratio'], 1.5, judged)} |"  # type: ignore[arg-type]
        )
        if "after_append_s" in r:
            lines.append(
                f"| {size} | first command after an append (the index grown in place) | {r['after_append_s']:.2f} s "
                f"| {r['after_append_ratio']:.3f}x | | | {goal_met(r['after_append_ratio'], 0.2, judged)} |"  # type: ignore[arg-type]
            )
        for name, q in r["queries"].items():  # type: ignore[attr-defined]
            goal = GOALS.get(name) if r["papers"] >= 100_000 else None  # type: ignore[operator]
            verdict = ""
            if goal is not None:
                ok = q["ratio"] <= goal and q["memory_ratio"] <= 0.5
                verdict = f"<= {goal}x, <= 0.5x: " + ("met" if ok else "**missed**")
            lines.append(
                f"| {size} | {name} | {q['s']:.2f} s | {q['ratio']:.3f}x | {q['mb']:.0f} MB | "
                f"{q['memory_ratio']:.2f}x | {verdict} |"
            )
    return "\n".join(lines)


def plot(results: list[dict[str, object]], out: Path) -> None:
    try:
        import matplotlib
    except ImportError:
        print("matplotlib is not installed: no plot", file=sys.stderr)
        return

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    edges = [r["edges"] for r in results]
    fig, ax = plt.subplots(figsize=(7, 4.5))
    lines: dict[str, list[float]] = {
        "floor (orjson + bare DiGraph)": [r["floor_s"] for r in results],  # type: ignore[misc]
        "build the index": [r["build_s"] for r in results],  # type: ignore[misc]
        "first query after a change": [r["first_open_s"] for r in results],  # type: ignore[misc]
    }
    for name in results[0]["queries"]:  # type: ignore[attr-defined]
        lines[name] = [r["queries"][name]["s"] for r in results]  # type: ignore[index]
    for name, values in lines.items():
        ax.plot(
            edges,
            values,
            marker="o",
            linestyle="--" if name.startswith(("floor", "build", "first")) else "-",
            label=name,
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("edges")
    ax.set_ylabel("seconds, fresh process (best of 5; of 3 or 2 at 1M)")
    ax.set_title("paperhop: the reading commands, from the SQLite index")
    ax.legend(fontsize=7)
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(out, dpi=110)


def main() -> None:
    if sys.argv[1:2] == ["--plot"]:  # again from the figures kept
        plot(json.loads((RESULTS / "index.json").read_text()), RESULTS / "index-growth.png")
        return
    if sys.argv[1:2] == ["--table"]:
        print(table(json.loads((RESULTS / "index.json").read_text())))
        return
    sizes = [int(a) for a in sys.argv[1:]] or list(SIZES)
    results = [
        measure(n, graph_folder(n, SIZES.get(n, Path(f"/work/scratch/bench/g{n}"))), repeat=5 if n <= 100_000 else 3)
        for n in sizes
    ]
    print(json.dumps(results, indent=2))
    kept = RESULTS / "index.json"
    if kept.exists():  # the sizes measured now replace theirs; the others stay
        measured = {r["papers"] for r in results}
        results += [r for r in json.loads(kept.read_text()) if r["papers"] not in measured]
        results.sort(key=lambda r: r["papers"])  # type: ignore[arg-type, return-value]
    print(table(results))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "index.json").write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    plot(results, RESULTS / "index-growth.png")


if __name__ == "__main__":
    main()
