"""Queries answered from the SQLite index (paperhop.index, queries.indexed), each as a fresh process,
against the floor (benchmarks/floor.py, orjson + a bare nx.DiGraph) measured in the same run.

    python benchmarks/bench_index.py [PAPERS ...]   # default: 1000 10000 100000 (the growth curve)

Each graph is generated once (generate(n, cycles=n // 2000)) and kept under
/work/scratch/bench/. Figures go to benchmarks/results/index.json, the plot to
benchmarks/results/index-growth.png.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import REPEAT, RESULTS, best, command  # noqa: E402

DEFAULT = Path("/work/scratch/bench/g100k")

QUERY = """
import sys
from paperhop.index import open_index
from paperhop.queries import indexed
ix = open_index(sys.argv[1])
what, args = sys.argv[2], sys.argv[3:]
if what == "path":
    from paperhop.errors import NoPath
    try:
        print(indexed.reading_paths(ix, indexed.resolve(ix, args[0]), indexed.resolve(ix, args[1])))
    except NoPath as exc:  # an answer too: the search ran
        print(exc)
elif what == "show":
    print(indexed.show(ix, indexed.resolve(ix, args[0])).number_of_nodes())
elif what == "reading-list":
    depth = int(args[1]) if len(args) > 1 else None
    print(len(indexed.reading_list(ix, indexed.resolve(ix, args[0]), depth=depth)))
"""

BUILD = """
import sqlite3, sys
from contextlib import closing
from pathlib import Path
from paperhop.store.folder import committed_files
from paperhop.index import build_index
folder = Path(sys.argv[1])
with committed_files(folder) as files, closing(sqlite3.connect(sys.argv[2])) as db:
    build_index(db, folder, files, "bench")
"""


SIZES = {1_000: Path("/work/scratch/bench/g1k"), 10_000: Path("/work/scratch/bench/g10k"), 100_000: DEFAULT}


def graph_folder(n: int, folder: Path) -> Path:
    if not folder.exists():
        from synthetic import generate

        from paperhop.store.folder import save_graph

        save_graph(generate(n, cycles=max(1, n // 2000)), folder)
    return folder


def measure(n: int, folder: Path) -> dict[str, object]:
    scratch = Path(tempfile.mkdtemp(prefix="paperhop-index-"))
    env = {**os.environ, "PAPERHOP_CACHE_DIR": str(scratch / "cache"), "PAPERHOP_NO_CACHE": "1"}
    py = sys.executable
    try:
        floor = best([command([py, str(HERE / "floor.py"), str(folder)]) for _ in range(REPEAT)])
        builds = []
        for i in range(2):
            builds.append(command([py, "-c", BUILD, str(folder), str(scratch / f"build-{i}.sqlite")]))
        build = best(builds)
        first = command(
            [py, "-c", "import sys; from paperhop.index import open_index; open_index(sys.argv[1])", str(folder)],
            env,
        )  # load() validates, then the build: once per change of the files (it leaves the stat record)
        newest, middle = f"p{n - 1}", f"p{n // 2}"
        queries = {
            "path (a tenth in, newest)": ["path", f"p{n // 10}", newest],
            "path (halfway, newest)": ["path", middle, newest],
            "show (halfway)": ["show", middle],
            "reading-list newest --depth 2": ["reading-list", newest, "2"],
            "reading-list newest (all)": ["reading-list", newest],
        }
        rows: dict[str, dict[str, float]] = {}
        for name, args in queries.items():
            t, mb = best([command([py, "-c", QUERY, str(folder), *args], env) for _ in range(REPEAT)])
            rows[name] = {"s": t, "mb": mb, "ratio": t / floor[0], "memory_ratio": mb / floor[1]}
            print(
                f"{n:>7} {name:<32} {t:6.2f} s {mb:5.0f} MB  {t / floor[0]:.3f}x  memory {mb / floor[1]:.2f}x",
                file=sys.stderr,
            )
        with open(folder / "edges.jsonl", "rb") as handle:
            edges = sum(1 for _ in handle)
        return {
            "papers": n,
            "edges": edges,
            "graph": str(folder),
            "floor_s": floor[0],
            "floor_mb": floor[1],
            "build_s": build[0],
            "build_ratio": build[0] / floor[0],
            "build_mb": build[1],
            "first_open_s": first[0],
            "first_open_ratio": first[0] / floor[0],
            "index_mb": (scratch / "build-0.sqlite").stat().st_size / 2**20,
            "queries": rows,
        }
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


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
    ax.set_ylabel("seconds, fresh process (best of 3)")
    ax.set_title("paperhop: queries from the SQLite index")
    ax.legend(fontsize=7)
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(out, dpi=110)


def main() -> None:
    if sys.argv[1:2] == ["--plot"]:  # again from the figures kept
        plot(json.loads((RESULTS / "index.json").read_text()), RESULTS / "index-growth.png")
        return
    sizes = [int(a) for a in sys.argv[1:]] or list(SIZES)
    results = [measure(n, graph_folder(n, SIZES.get(n, Path(f"/work/scratch/bench/g{n}")))) for n in sizes]
    print(json.dumps(results, indent=2))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "index.json").write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    plot(results, RESULTS / "index-growth.png")


if __name__ == "__main__":
    main()
