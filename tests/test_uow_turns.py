"""Commands on SQLite take turns for the one writer, first come first served, instead of racing its busy handler."""

import asyncio

from storage.engine import create_engine, create_sessionmaker
from storage.uow import UnitsOfWork
from tests.commands_harness import Sessions


async def test_units_in_turn_on_sqlite_run_one_at_a_time_in_arrival_order(sessions: Sessions) -> None:
    units, inside, order = UnitsOfWork(sessions), [0], list[int]()

    async def command(number: int) -> None:
        async with units.in_turn():
            inside[0] += 1
            assert inside[0] == 1, "two units in turn at once"
            order.append(number)
            await asyncio.sleep(0.01)
            inside[0] -= 1

    await asyncio.gather(*(command(number) for number in range(20)))
    assert order == list(range(20))


async def test_units_in_turn_on_postgresql_do_not_wait(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    units, inside = UnitsOfWork(create_sessionmaker(engine)), [0, 0]

    async def command() -> None:
        async with units.in_turn():
            inside[0] += 1
            inside[1] = max(inside[1], inside[0])
            await asyncio.sleep(0.05)
            inside[0] -= 1

    try:
        await asyncio.gather(*(command() for _ in range(5)))
    finally:
        await engine.dispose()
    assert inside[1] > 1  # PostgreSQL has many writers: nothing to queue for
