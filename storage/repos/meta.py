"""Facts about this installation."""

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import InstanceMeta

INSTANCE_ID = "instance_id"


class MetaRepo:
    """Installation-wide values, created on first use."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def instance_id(self) -> str:
        """A random id made when this database was first used: a new database never reuses an old one's
        transaction ids, which a homeserver would answer with the old events instead of sending."""
        row = await self.session.get(InstanceMeta, INSTANCE_ID)
        if row is None:
            row = InstanceMeta(key=INSTANCE_ID, value=uuid.uuid4().hex[:12])
            self.session.add(row)
            await self.session.flush()
        return row.value
