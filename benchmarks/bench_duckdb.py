"""How an existing engine extracts a target's prerequisite neighbourhood from a citation table.

DuckDB reads the synthetic 100k-paper graph's edges into Parquet (citations as two
integer columns, as the Semantic Scholar bulk citations would be), then a recursive
query collects everything a paper builds on, 1 to 3 hops back. docs/scale.md scales
these figures to the full Semantic Scholar corpus.

Run: python benchmarks/bench_duckdb.py   (needs `pip install duckdb`; writes results/duckdb.json)
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

import duckdb

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.synthetic: the generator tests use too
from tests.synthetic import generate  # noqa: E402

from paperhop.store.folder import save_graph  # noqa: E402

ANCESTORS = """
WITH RECURSIVE back(id, hops) AS (
    SELECT cited, 1 FROM cites WHERE citing = $target
    UNION
    SELECT c.cited, b.hops + 1 FROM cites c JOIN back b ON c.citing = b.id WHERE b.hops < $hops
)
SELECT count(DISTINCT id) FROM back
"""


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="paperhop-duckdb-"))
    n = 100_000
    save_graph(generate(n, 10, seed=n), folder)
    db = duckdb.connect()
    start = time.perf_counter()
    db.execute(f"""
        CREATE TABLE cites AS
        SELECT CAST(substr(target, 2) AS BIGINT) AS citing, CAST(substr(source, 2) AS BIGINT) AS cited
        FROM read_json('{folder / "edges.jsonl"}', format = 'newline_delimited')
        WHERE kind = 'cites'
    """)
    db.execute(f"COPY cites TO '{folder / 'cites.parquet'}' (FORMAT parquet)")
    db.execute("DROP TABLE cites")
    db.execute(f"CREATE VIEW cites AS SELECT * FROM '{folder / 'cites.parquet'}'")
    prepare = time.perf_counter() - start
    rows = db.execute("SELECT count(*) FROM cites").fetchone()[0]  # type: ignore[index]
    parquet_mb = (folder / "cites.parquet").stat().st_size / 1e6
    results = {"citations": rows, "parquet_mb": parquet_mb, "prepare_s": prepare, "hops": {}}
    for hops in (1, 2, 3):
        start = time.perf_counter()
        found = db.execute(ANCESTORS, {"target": n - 1, "hops": hops}).fetchone()[0]  # type: ignore[index]
        results["hops"][hops] = {"papers": found, "seconds": time.perf_counter() - start}  # type: ignore[index]
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "duckdb.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
