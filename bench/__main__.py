"""`python -m bench`: run every benchmark and print its figures."""

import asyncio
import datetime

from bench import latest, matrix_fanout, memory, paced, throughput, uploads

print(f"Herald benchmarks, {datetime.date.today().isoformat()}, `make bench`")
asyncio.run(paced.main())
asyncio.run(throughput.main())
asyncio.run(uploads.main())
asyncio.run(latest.main())
asyncio.run(memory.main())
asyncio.run(matrix_fanout.main())
