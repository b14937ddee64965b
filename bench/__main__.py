"""`python -m bench`: run every benchmark and print its figures; `python -m bench p1 p7` runs only those."""

import asyncio
import datetime
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from bench import interactive, latest, matrix_fanout, memory, paced, throughput, uploads

BENCHMARKS: dict[str, Callable[[], Coroutine[Any, Any, None]]] = {
    "p1": paced.main,
    "p2": throughput.main,
    "p3": uploads.main,
    "p4": latest.main,
    "p5": memory.main,
    "p6": matrix_fanout.main,
    "p7": interactive.main,
}

chosen = [name.lower() for name in sys.argv[1:]] or list(BENCHMARKS)
if unknown := [name for name in chosen if name not in BENCHMARKS]:
    sys.exit(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
command = " ".join(["python -m bench", *sys.argv[1:]]) if sys.argv[1:] else "make bench"
print(f"Herald benchmarks, {datetime.date.today().isoformat()}, `{command}`")
for name in chosen:
    asyncio.run(BENCHMARKS[name]())
