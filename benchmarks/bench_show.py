"""Show store and compliance: queue operations (durable, synchronous=FULL), checks, import.

Run: .venv/bin/python benchmarks/bench_show.py
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from summary import record

from studio.core.paths import assets_dir
from studio.show import Queue, ShowStore, check_script_file, check_text
from studio.show.importer import import_file
from studio.show.terms import load_terms

LINE = (
    "原价{original_price}，今天直播间只要{price}，[pause 300ms]再加上满三百减五十，"
    "最近很多人问，第一次来的宝宝看看购物车。"
)


def timeit(fn: Callable[[], object], n: int) -> tuple[float, float]:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    store = ShowStore(folder / "show.db")
    import_file(store, assets_dir() / "demo/products.csv")
    import_file(store, assets_dir() / "demo/script.toml")
    terms = load_terms()
    queue = Queue(store, terms=terms)
    queue.start()
    big = folder / "big.csv"
    big.write_text(
        "name,price,original_price,stock\n"
        + "".join(f"商品{i},{i % 500 + 1}.90,{i % 500 + 100},{i}\n" for i in range(5000)),
        encoding="utf-8",
    )
    script = assets_dir() / "demo/script.toml"
    rows = [
        ("queue.advance (commit+fsync)", *timeit(queue.advance, 300)),
        ("queue.peek(3)", *timeit(lambda: queue.peek(3), 300)),
        (
            "queue.insert (checked)",
            *timeit(lambda: queue.insert("插播：{name}今天只要{price}"), 100),
        ),
        (
            "check_text (zh, 60 chars)",
            *timeit(
                lambda: check_text(LINE, "316不锈钢保温杯", store.product, terms, store.approver),
                300,
            ),
        ),
        ("import 5000 products (one txn)", *timeit(lambda: import_file(store, big), 3)),
        (
            "check demo script.toml (20 items)",
            *timeit(lambda: check_script_file(script, lookup=store.product, terms=terms), 20),
        ),
    ]
    print(f"{'operation':<36} {'median ms':>10} {'max ms':>10}")
    for name, med, worst in rows:
        print(f"{name:<36} {med:>10.2f} {worst:>10.2f}")
        if name.startswith(("queue.advance", "queue.insert", "check_text")):
            record("show", f"{name} (median)", med, "ms")


if __name__ == "__main__":
    main()
