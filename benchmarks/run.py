"""Every benchmark in one command: a table on stdout, the same as JSON in benchmarks/results/.

    python benchmarks/run.py            # 1k, 10k and 100k papers, cit-HepTh, HTML
    python benchmarks/run.py --quick    # 1k and 10k only, no browser
    python benchmarks/run.py --startup  # `paperhop path vit sora` against `import networkx` only

Machines here are noisy, so every figure is a ratio against a floor measured in the
same run on the same data, each timing the best of several runs:
- load: `paperhop stats --graph DIR` as a fresh process, cold (no cache) and warm (its
  cache filled), against benchmarks/floor.py (orjson + a bare nx.DiGraph), also a
  fresh process; peak memory (max RSS) likewise;
- path and reading-list on the largest graph, in process: a path's milliseconds, and
  the reading list of the newest paper against networkx's ancestors + topological sort
  of the same set;
- `paperhop path vit sora` against `python -c "import networkx"`, both run in turn, each the best of
  STARTUP_RUNS: warm (its index built by a first run) and cold (a new
  cache folder each time: the graph is checked and its index built);
- cit-HepTh (real citations, with cycles) from ../shared, when it is there;
- the HTML export's figures (benchmarks/bench_html.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.synthetic: the generator tests use too
import networkx as nx  # noqa: E402
from tests.synthetic import generate  # noqa: E402

from paperhop.load import load  # noqa: E402
from paperhop.models import GraphData, Paper  # noqa: E402
from paperhop.queries.paths import reading_list, reading_paths  # noqa: E402
from paperhop.store.cache import MIN_BYTES  # noqa: E402
from paperhop.store.folder import save_graph  # noqa: E402

RESULTS = HERE / "results"
HEPTH = HERE.parent.parent / "shared" / "reference" / "datasets" / "cit-HepTh.txt"
BIN = Path(sys.executable).parent
REPEAT = 3
STARTUP_RUNS = 20


# Linux keeps a process's peak RSS across exec, and a child starts from its parent's: a command
# started from this (large) process would report this process's peak. So a small wrapper forks it.
_WRAPPER = """
import os, sys, time
start = time.perf_counter()
child = os.fork()
if child == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(child, 0)
print(time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def command(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one fresh process."""
    result = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *args], env=env, capture_output=True, text=True, check=True
    )
    elapsed, peak_kb, code = result.stdout.split()[-3:]
    if code != "0":
        raise SystemExit(f"{' '.join(args)} failed ({code}): {result.stderr}")
    return float(elapsed), int(peak_kb) / 1024


def best(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return min(t for t, _ in runs), min(m for _, m in runs)


def wait_for_cache(folder: Path) -> None:
    for _ in range(600):
        if list(folder.glob("*.pickle")) and not list(folder.glob(".*")):
            time.sleep(0.2)
            return
        time.sleep(0.1)


def load_figures(folder: Path, scratch: Path) -> dict[str, float]:
    env = {**os.environ, "PAPERHOP_NO_CACHE": "0"}
    floor = best([command([sys.executable, str(HERE / "floor.py"), str(folder)]) for _ in range(REPEAT)])
    cached = sum(f.stat().st_size for f in folder.iterdir()) >= MIN_BYTES
    cold_runs, warm_runs = [], []
    for i in range(REPEAT):
        cache = scratch / f"cache-{folder.name}-{i}"
        run_env = {**env, "PAPERHOP_CACHE_DIR": str(cache)}
        stats = [str(BIN / "paperhop"), "stats", "--graph", str(folder)]
        cold_runs.append(command(stats, run_env))
        if cached:
            wait_for_cache(cache)  # the background writer must not share the CPU with the next timing
            warm_runs.append(command(stats, run_env))
    cold = best(cold_runs)
    figures = {
        "floor_s": floor[0],
        "floor_mb": floor[1],
        "cold_s": cold[0],
        "cold_mb": cold[1],
        "cold_ratio": cold[0] / floor[0],
        "memory_ratio": cold[1] / floor[1],
    }
    if warm_runs:
        warm = best(warm_runs)
        figures.update({"warm_s": warm[0], "warm_mb": warm[1], "warm_ratio": warm[0] / floor[0]})
    return figures


def query_figures(folder: Path, newest: str, pairs: list[tuple[str, str]]) -> dict[str, float]:
    os.environ["PAPERHOP_NO_CACHE"] = "1"
    G = load(folder)
    path_ms = []
    for source, target in pairs:
        start = time.perf_counter()
        reading_paths(G, source, target)
        path_ms.append((time.perf_counter() - start) * 1000)
    ours, theirs, size = [], [], 0
    for _ in range(REPEAT):
        start = time.perf_counter()
        size = len(reading_list(G, newest))
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        list(nx.topological_sort(G.subgraph(nx.ancestors(G, newest))))
        theirs.append(time.perf_counter() - start)
    return {
        "path_ms_max": max(path_ms),
        "path_ms_median": sorted(path_ms)[len(path_ms) // 2],
        "reading_list_papers": size,
        "reading_list_s": min(ours),
        "networkx_topo_s": min(theirs),
        "reading_list_ratio": min(ours) / min(theirs),
    }


def startup_figures(scratch: Path) -> dict[str, float]:
    networkx = [sys.executable, "-c", "import networkx"]
    path = [str(BIN / "paperhop"), "path", "vit", "sora"]
    env = {k: v for k, v in os.environ.items() if k != "PAPERHOP_NO_CACHE"}
    env["PAPERHOP_CACHE_DIR"] = str(scratch / "startup-warm")
    command(path, env)  # the index, built once
    times: dict[str, list[float]] = {"networkx": [], "warm": [], "cold": []}
    for i in range(STARTUP_RUNS):  # in turn: the machine's moods fall on all three alike
        times["networkx"].append(command(networkx, env)[0])
        times["warm"].append(command(path, env)[0])
        times["cold"].append(command(path, {**env, "PAPERHOP_CACHE_DIR": str(scratch / f"startup-{i}")})[0])
    best = {name: min(runs) for name, runs in times.items()}
    return {
        "import_networkx_s": best["networkx"],
        "path_vit_sora_s": best["warm"],
        "ratio": best["warm"] / best["networkx"],
        "path_vit_sora_cold_s": best["cold"],
        "cold_ratio": best["cold"] / best["networkx"],
        "runs": STARTUP_RUNS,
    }


def hepth_graph(target: Path) -> dict[str, int]:
    """cit-HepTh as a paperhop graph: no titles or dates in the data, so every paper gets
    its id as title and one year; self-citations are dropped (they have no reading order)."""
    pairs, selfs = set(), 0
    for line in HEPTH.read_text().splitlines():
        if not line or line.startswith("#"):
            continue
        citing, cited = line.split()
        if citing == cited:
            selfs += 1
            continue
        pairs.add((f"p{cited}", f"p{citing}"))
    keys = {k for pair in pairs for k in pair}
    papers = {
        k: Paper.model_construct(key=k, title=f"hep-th paper {k[1:]}", year=2000, authors=[], aliases=[]) for k in keys
    }
    from paperhop.models import Edge

    edges = [Edge.model_construct(source=u, target=v, kind="cites", note=None) for u, v in pairs]
    save_graph(GraphData("cit-hepth", papers, {}, edges), target)
    return {"papers": len(keys), "citations": len(pairs), "self_citations_dropped": selfs}


def hepth_figures(folder: Path) -> dict[str, object]:
    out: dict[str, object] = dict(hepth_graph(folder))
    start = time.perf_counter()
    result = subprocess.run(
        [str(BIN / "paperhop"), "validate", str(folder), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    out["validate_s"] = time.perf_counter() - start
    problems = json.loads(result.stdout)["problems"]
    cycles = [p for p in problems if p["location"] == "cites cycle"]
    out["validate_exit"] = result.returncode
    out["cycle_warnings"] = len(cycles)
    out["errors"] = sum(p["severity"] == "error" for p in problems)
    largest = max(cycles, key=lambda p: p["message"].count(","))["message"].removeprefix("among ").split(", ")
    out["largest_cycle"] = len(largest)
    os.environ["PAPERHOP_NO_CACHE"] = "1"
    G = load(folder)
    member = min(largest)
    start = time.perf_counter()
    order = reading_list(G, member)
    out["reading_list_s"] = time.perf_counter() - start
    out["reading_list_papers"] = len(order)
    position = {k: i for i, k in enumerate(order)}
    inside = sorted(position[k] for k in largest if k in position)
    out["cycle_listed_together"] = inside == list(range(inside[0], inside[0] + len(inside)))
    out["every_prerequisite_listed"] = set(order) == nx.ancestors(G, member) - {member}
    start = time.perf_counter()
    path = reading_paths(G, order[0], member)[0]
    out["path_ms"] = (time.perf_counter() - start) * 1000
    out["path_hops"] = len(path) - 1
    return out


def growth_plot(rows: dict[str, dict[str, float]], edges: dict[str, int]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted(rows, key=lambda s: edges[s])
    x = [edges[s] for s in sizes]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for key, label in (
        ("floor_s", "floor (orjson + bare DiGraph)"),
        ("cold_s", "paperhop, cold"),
        ("warm_s", "paperhop, cached (graphs over 1 MB)"),
    ):
        shown = [s for s in sizes if key in rows[s]]
        left.plot([edges[s] for s in shown], [rows[s][key] for s in shown], marker="o", label=label)
    for key, label in (("floor_mb", "floor"), ("cold_mb", "paperhop")):
        right.plot(x, [rows[s][key] for s in sizes], marker="o", label=label)
    left.set(xlabel="edges", ylabel="seconds (fresh process)", title="Load time", xscale="log", yscale="log")
    right.set(xlabel="edges", ylabel="peak RSS, MB", title="Memory", xscale="log", yscale="log")
    for axis in (left, right):
        axis.legend()
        axis.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(RESULTS / "growth.png", dpi=110)


def machine() -> dict[str, object]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (
            int(line.split()[1]) // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_mb": memory,
        "python": platform.python_version(),
        "networkx": nx.__version__,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1k and 10k papers only, no browser")
    parser.add_argument("--startup", action="store_true", help="`paperhop path vit sora` against `import networkx`")
    options = parser.parse_args()
    if options.startup:
        with tempfile.TemporaryDirectory(prefix="paperhop-bench-") as scratch:
            figures = startup_figures(Path(scratch))
        (RESULTS / "startup.json").write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print("\n".join(HEADER + startup_rows(figures)))
        return
    sizes = [1_000, 10_000] if options.quick else [1_000, 10_000, 100_000]
    results: dict[str, object] = {"machine": machine()}
    scratch = Path(tempfile.mkdtemp(prefix="paperhop-bench-"))
    try:
        loads, edges = {}, {}
        for n in sizes:
            folder = scratch / f"synthetic-{n}"
            data = generate(n, 10, seed=n)
            edges[str(n)] = len(data.edges)
            save_graph(data, folder)
            loads[str(n)] = {"papers": n, "edges": len(data.edges), **load_figures(folder, scratch)}
            print(f"load {n:>7,} papers: {loads[str(n)]}", file=sys.stderr)
        results["load"] = loads
        largest = scratch / f"synthetic-{sizes[-1]}"
        n = sizes[-1]
        pairs = [(f"p{n // 10}", f"p{n - 1}"), (f"p{n // 2}", f"p{n - 1}"), (f"p{n // 3}", f"p{2 * n // 3}")]
        results["queries"] = {"papers": n, **query_figures(largest, f"p{n - 1}", pairs)}
        results["startup"] = startup_figures(scratch)
        if HEPTH.exists():
            results["cit_hepth"] = hepth_figures(scratch / "cit-hepth")
        else:
            print(f"{HEPTH} is absent: cit-HepTh skipped, synthetic sizes only", file=sys.stderr)
        if not options.quick:
            import bench_html

            export, html = bench_html.export_5k()
            results["html"] = {
                "export_5k": export,
                "against_pyvis_20k": bench_html.against_pyvis(),
                "browser_5k": bench_html.in_browser(html),
            }
        RESULTS.mkdir(exist_ok=True)
        growth_plot(loads, edges)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    (RESULTS / "run.json").write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(table(results))


HEADER = ["| figure | paperhop | floor | ratio | target |", "| --- | ---: | ---: | ---: | --- |"]


def startup_rows(s: dict[str, float]) -> list[str]:
    return [
        f"| `paperhop path vit sora` (best of {s['runs']:.0f}) | {s['path_vit_sora_s'] * 1000:.0f} ms | "
        f"{s['import_networkx_s'] * 1000:.0f} ms | {s['ratio']:.2f}x | <= 1x `import networkx` |",
        f"| the same, first run (index built) | {s['path_vit_sora_cold_s'] * 1000:.0f} ms | "
        f"{s['import_networkx_s'] * 1000:.0f} ms | {s['cold_ratio']:.2f}x | |",
    ]


def table(results: dict[str, object]) -> str:
    lines = list(HEADER)
    for size, row in results["load"].items():  # type: ignore[attr-defined]
        label = f"{int(size):,} papers / {row['edges']:,} edges"
        lines.append(
            f"| load, cold: {label} | {row['cold_s']:.2f} s | {row['floor_s']:.2f} s | "
            f"{row['cold_ratio']:.2f}x | <= 2x at 100k |"
        )
        if "warm_s" in row:
            lines.append(
                f"| load, cached: {label} | {row['warm_s']:.2f} s | {row['floor_s']:.2f} s | "
                f"{row['warm_ratio']:.2f}x | <= 0.75x at 100k |"
            )
        lines.append(
            f"| peak memory: {label} | {row['cold_mb']:.0f} MB | {row['floor_mb']:.0f} MB | "
            f"{row['memory_ratio']:.2f}x | <= 1.5x at 100k |"
        )
    q = results["queries"]
    lines.append(f"| path, {q['papers']:,} papers (worst of 3) | {q['path_ms_max']:.1f} ms | | | < 50 ms |")  # type: ignore[index]
    lines.append(
        f"| reading-list of the newest ({q['reading_list_papers']:,} papers) | {q['reading_list_s']:.2f} s | "  # type: ignore[index]
        f"{q['networkx_topo_s']:.2f} s | {q['reading_list_ratio']:.2f}x | <= 1.5x networkx |"
    )  # type: ignore[index]
    lines += startup_rows(results["startup"])  # type: ignore[arg-type]
    if "cit_hepth" in results:
        c = results["cit_hepth"]
        lines.append(
            f"| cit-HepTh ({c['papers']:,} papers, {c['citations']:,} citations): validate | "  # type: ignore[index]
            f"{c['validate_s']:.2f} s | | | {c['cycle_warnings']} cycle warnings, largest "  # type: ignore[index]
            f"{c['largest_cycle']:,} papers, {c['errors']} errors |"
        )  # type: ignore[index]
        lines.append(
            f"| cit-HepTh: reading-list inside the largest cycle | {c['reading_list_s']:.2f} s | | | "  # type: ignore[index]
            f"{c['reading_list_papers']:,} papers; cycle listed together: {c['cycle_listed_together']} |"
        )  # type: ignore[index]
        lines.append(f"| cit-HepTh: path | {c['path_ms']:.1f} ms | | | {c['path_hops']} hops |")  # type: ignore[index]
    if "html" in results:
        h = results["html"]
        e, p, b = h["export_5k"], h["against_pyvis_20k"], h["browser_5k"]  # type: ignore[index]
        lines.append(
            f"| HTML export, {e['nodes']:,} nodes / {e['edges']:,} edges | {e['export_s']:.2f} s | "
            f"{e['floor_s']:.2f} s (json.dumps) | {e['ratio_to_floor']:.1f}x | seconds |"
        )
        lines.append(
            f"| HTML export, {p['nodes']:,} nodes, against pyvis | {p['paperhop_s']:.2f} s | "
            f"{p['pyvis_s']:.2f} s (pyvis) | {1 / p['speedup']:.3f}x | >= 10x faster |"
        )
        lines.append(
            f"| page usable in Chromium, 5k papers | {b['big_ready_s']:.2f} s | {b['empty_ready_s']:.2f} s "
            f"(empty page) | {b['ready_ratio_to_empty_page']:.1f}x | a few seconds |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
