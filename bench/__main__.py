"""`python -m bench`: run every benchmark and print its figures."""

import asyncio
import datetime

from bench import latest, memory, paced, throughput

print(f"Herald benchmarks, {datetime.date.today().isoformat()}, `make bench`")
asyncio.run(paced.main())
asyncio.run(throughput.main())
asyncio.run(latest.main())
asyncio.run(memory.main())
