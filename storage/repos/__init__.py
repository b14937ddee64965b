"""One repository per aggregate, over one AsyncSession. Repositories flush; they never commit."""

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from storage.repos.deliveries import DeliveryRepo
from storage.repos.inbox import InboxRepo
from storage.repos.meta import MetaRepo
from storage.repos.posts import PostRepo
from storage.repos.regions import RegionRepo
from storage.repos.targets import TargetRepo


@dataclass
class Repos:
    """The repositories of one unit of work; its owner commits the session."""

    session: AsyncSession
    posts: PostRepo
    regions: RegionRepo
    targets: TargetRepo
    deliveries: DeliveryRepo
    inbox: InboxRepo
    meta: MetaRepo

    @classmethod
    def over(cls, session: AsyncSession) -> "Repos":
        return cls(
            session=session,
            posts=PostRepo(session),
            regions=RegionRepo(session),
            targets=TargetRepo(session),
            deliveries=DeliveryRepo(session),
            inbox=InboxRepo(session),
            meta=MetaRepo(session),
        )


__all__ = ["DeliveryRepo", "InboxRepo", "MetaRepo", "PostRepo", "RegionRepo", "Repos", "TargetRepo"]
