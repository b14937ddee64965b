"""Photo bytes across platforms: a photo composed on one platform is fetched from it for its first upload elsewhere."""

from collections.abc import Mapping

from bot.domain.models import PhotoView, Platform
from bot.messenger import DeliveryError, Messenger, Rejected, Transient


class PhotoFetcher:
    """Downloads a photo from any platform that already holds it."""

    def __init__(self) -> None:
        self._messengers: dict[Platform, Messenger] = {}

    def serve(self, messengers: Mapping[Platform, Messenger]) -> None:
        """The messengers to download through (set once they all exist: each one also uses the fetcher)."""
        self._messengers = dict(messengers)

    async def fetch(self, photo: PhotoView, missing_on: Platform) -> bytes:
        """The photo's bytes, from the first other platform that has it; Rejected when none can serve it."""
        failure: DeliveryError | None = None
        for platform, ref in photo.refs.items():
            messenger = self._messengers.get(platform)
            if platform == missing_on or messenger is None:
                continue
            try:
                return await messenger.download(ref)
            except DeliveryError as error:
                failure = error
        if isinstance(failure, Transient):
            raise failure
        raise Rejected(f"photo {photo.photo_id} has no {missing_on} file and no platform can serve its bytes")
