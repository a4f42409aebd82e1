"""`paperhop road` against the local test server: the requests a 2-hop road asks, and its time at one request a
second (a new API key's rate), on a target with 60 references, each citing about 40 (issue 23's case).

    python benchmarks/bench_road.py

The corpus is made up (tests.s2_server serves it in the real API's shapes): its papers cite their elders, a few
foundations, and three papers every paper cites. The time at one request a second is the requests, each a second,
plus the time measured here without a rate limit; the cache re-run must ask nothing. Figures go to
benchmarks/results/road.json.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests.s2_server and tests.test_road: the server and corpus tests use too
from tests.s2_server import serve  # noqa: E402
from tests.test_road import raw_paper  # noqa: E402

from paperhop.sources.road import build_road  # noqa: E402
from paperhop.sources.s2 import Retry, S2Client  # noqa: E402
from paperhop.store.responses import ResponseCache  # noqa: E402

REFERENCES, EACH = 60, 40


def corpus() -> dict[str, object]:
    rng = random.Random(23)
    papers = {f"r{i}": raw_paper(f"Reference {i}", 2005 + i // 4, rng.randrange(200, 5_000)) for i in range(REFERENCES)}
    papers |= {f"o{i}": raw_paper(f"Older {i}", 1995 + i // 40, rng.randrange(50, 3_000)) for i in range(1_200)}
    papers |= {f"hub{i}": raw_paper(f"Everyone cites {i}", 2010, 100_000) for i in range(3)}
    papers["target"] = raw_paper("The target", 2024, 10, arxiv="2401.00001")
    pid = {name: raw["paperId"] for name, raw in papers.items()}
    cites = {}
    for i in range(REFERENCES):
        elders = [f"r{j}" for j in range(max(0, i - 6), i)]
        older = rng.sample([f"o{j}" for j in range(1_200)], EACH - len(elders) - 3)
        cites[pid[f"r{i}"]] = [pid[n] for n in [*elders, *older, "hub0", "hub1", "hub2"]]
    cites[pid["target"]] = [pid[f"r{i}"] for i in range(REFERENCES)]
    return {"papers": papers, "cites": cites}


def main() -> None:
    with tempfile.TemporaryDirectory() as cache, contextmanager(serve)(**corpus()) as server:
        with S2Client(api_url=server.url, retry=Retry(tries=1), cache=ResponseCache(Path(cache))) as client:
            start = time.perf_counter()
            road = build_road(client, "ARXIV:2401.00001", max_papers=20, depth=2)
            local = time.perf_counter() - start
        offline = ResponseCache(Path(cache), offline=True)
        with S2Client(api_url=server.url, retry=Retry(tries=1), cache=offline) as client:
            again = build_road(client, "ARXIV:2401.00001", max_papers=20, depth=2)
    result = {
        "references": REFERENCES,
        "each_cites": EACH,
        "candidates": len(road.ranked),
        "kept": len(road.kept),
        "requests": road.requests,
        "local_seconds": local,
        "seconds_at_one_request_a_second": road.requests + local,
        "cache_rerun_requests": again.requests,
        "hubs_kept": sum(c.paper.title.startswith("Everyone cites") for c in road.kept),
    }
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "road.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
