"""Queries answered from the SQLite index (store.index, queries.indexed), each as a fresh process,
against the floor (benchmarks/floor.py, orjson + a bare nx.DiGraph) measured in the same run.

    python benchmarks/bench_index.py [FOLDER]   # default: a 100k-paper / 1M-edge synthetic graph

The graph is generated once (generate(100_000, cycles=50)) and kept in FOLDER
(/work/scratch/bench/g100k if it exists). Figures go to benchmarks/results/index.json.
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
from paperhop.store.index import open_index
from paperhop.queries import indexed
ix = open_index(sys.argv[1])
what, args = sys.argv[2], sys.argv[3:]
if what == "path":
    print(indexed.reading_paths(ix, indexed.resolve(ix, args[0]), indexed.resolve(ix, args[1])))
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
from paperhop.store.index import build_index
folder = Path(sys.argv[1])
with committed_files(folder) as files, closing(sqlite3.connect(sys.argv[2])) as db:
    build_index(db, folder, files, "bench")
"""


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not folder.exists():
        from synthetic import generate

        from paperhop.store.folder import save_graph

        save_graph(generate(100_000, cycles=50), folder)
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
            [py, "-c", "import sys; from paperhop.store.index import open_index; open_index(sys.argv[1])", str(folder)],
            env,
        )  # load() validates, then the build: once per change of the files
        queries = {
            "path p10000 p99999": ["path", "p10000", "p99999"],
            "path p50000 p99999": ["path", "p50000", "p99999"],
            "show p50000": ["show", "p50000"],
            "reading-list p99999 --depth 2": ["reading-list", "p99999", "2"],
            "reading-list p99999 (newest, all)": ["reading-list", "p99999"],
        }
        rows: dict[str, dict[str, float]] = {}
        for name, args in queries.items():
            t, mb = best([command([py, "-c", QUERY, str(folder), *args], env) for _ in range(REPEAT)])
            rows[name] = {"s": t, "mb": mb, "ratio": t / floor[0], "memory_ratio": mb / floor[1]}
            print(
                f"{name:<36} {t:6.2f} s {mb:5.0f} MB  {t / floor[0]:.3f}x  memory {mb / floor[1]:.2f}x", file=sys.stderr
            )
        results = {
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
        print(json.dumps(results, indent=2))
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "index.json").write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
