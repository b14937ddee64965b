"""Herald's messenger Protocol over aiogram's Bot."""

import asyncio
from collections.abc import Sequence

from aiogram import Bot
from aiogram.enums import ParseMode
from aiogram.types import BufferedInputFile, InputMediaPhoto, LinkPreviewOptions, Message
from aiogram.types.media_union import MediaUnion

from bot.domain.models import Address, PhotoView, Platform
from bot.domain.render import Rendered, RenderStyle
from bot.media import PhotoFetcher
from bot.messenger import Rejected, SentCopy
from bot.telegram.errors import call

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


class TelegramMessenger:
    """Sends, edits and deletes rendered posts with the Bot API."""

    platform = Platform.TELEGRAM

    def __init__(self, bot: Bot, style: RenderStyle, paid: bool = False, photos: PhotoFetcher | None = None) -> None:
        self.bot = bot
        self.style = style
        self.paid = True if paid else None  # allow_paid_broadcast: Telegram charges Stars for sends past 30/s
        self.photos = photos or PhotoFetcher()
        self._file_ids: dict[int, str] = {}  # photos this process uploaded, until the outbox stores their file_id
        self._first_upload = asyncio.Lock()

    async def send_post(self, address: Address, post: Rendered, key: str) -> SentCopy:
        """A text message, a photo, or an album with the caption on its first photo. A photo that Telegram has
        never seen is uploaded by the first send that needs it; concurrent sends wait and reuse its file_id."""
        if all(self._file_id(photo) for photo in post.photos):
            return await self._send_post(address, post)
        async with self._first_upload:
            copy = await self._send_post(address, post)
            self._file_ids.update(copy.photo_refs)
            return copy

    async def _send_post(self, address: Address, post: Rendered) -> SentCopy:
        chat, thread = int(address.chat_id), address.thread_id
        if not post.photos:
            message = await call(
                self.bot.send_message(
                    chat,
                    post.html,
                    parse_mode=ParseMode.HTML,
                    message_thread_id=thread,
                    link_preview_options=NO_PREVIEW,
                    allow_paid_broadcast=self.paid,
                )
            )
            return SentCopy((str(message.message_id),))
        if len(post.photos) == 1:
            photo = post.photos[0]
            message = await call(
                self.bot.send_photo(
                    chat,
                    await self._media(photo),
                    caption=post.html,
                    parse_mode=ParseMode.HTML,
                    message_thread_id=thread,
                    allow_paid_broadcast=self.paid,
                )
            )
            return _copy([message], post.photos)
        media: list[MediaUnion] = [
            InputMediaPhoto(
                media=await self._media(photo),
                caption=post.html if index == 0 else None,
                parse_mode=ParseMode.HTML if index == 0 else None,
            )
            for index, photo in enumerate(post.photos)
        ]
        messages = await call(
            self.bot.send_media_group(chat, media, message_thread_id=thread, allow_paid_broadcast=self.paid)
        )
        return _copy(messages, post.photos)

    async def edit_post(
        self, address: Address, message_ids: Sequence[str], post: Rendered, media_changed: bool, key: str
    ) -> SentCopy:
        """Edit the caption or text in place; new photos go in with editMessageMedia when the copy has as many
        messages as the post has photos, else the copy is deleted and sent again."""
        if media_changed and (not post.photos or len(message_ids) != len(post.photos)):
            await self.delete_post(address, message_ids)
            return await self.send_post(address, post, key)
        if media_changed:
            return await self._swap_photos(address, message_ids, post)
        chat, first = int(address.chat_id), int(message_ids[0])
        try:
            if post.photos:
                await call(self.bot.edit_message_caption(chat_id=chat, message_id=first, caption=post.html))
            else:
                await call(
                    self.bot.edit_message_text(
                        post.html, chat_id=chat, message_id=first, link_preview_options=NO_PREVIEW
                    )
                )
        except Rejected as error:
            if "message is not modified" not in error.reason:
                raise
        return SentCopy(tuple(message_ids))

    async def _swap_photos(self, address: Address, message_ids: Sequence[str], post: Rendered) -> SentCopy:
        """editMessageMedia on each message of the copy, the caption on the first."""
        messages = []
        for index, (message_id, photo) in enumerate(zip(message_ids, post.photos, strict=True)):
            media = InputMediaPhoto(
                media=await self._media(photo), caption=post.html if index == 0 else None, parse_mode=ParseMode.HTML
            )
            edited = await call(
                self.bot.edit_message_media(media, chat_id=int(address.chat_id), message_id=int(message_id))
            )
            if isinstance(edited, Message):
                messages.append(edited)
        return SentCopy(tuple(message_ids), _copy(messages, post.photos).photo_refs)

    async def delete_post(self, address: Address, message_ids: Sequence[str]) -> None:
        """Delete every message of the copy, each photo of an album included (one already gone counts)."""
        for message_id in message_ids:
            try:
                await call(self.bot.delete_message(int(address.chat_id), int(message_id)))
            except Rejected as error:
                if "message to delete not found" not in error.reason:
                    raise

    async def send_notice(self, address: Address, html: str) -> str:
        """A short HTML message; its id."""
        # Paid too: the pacer lets a paid broadcast use the whole 1000/s, so a report sent meanwhile under the
        # free 30/s limit would be refused with a 429. A notice is rare; its 0.1 Star is the price of arriving.
        message = await call(
            self.bot.send_message(
                int(address.chat_id),
                html,
                parse_mode=ParseMode.HTML,
                message_thread_id=address.thread_id,
                link_preview_options=NO_PREVIEW,
                allow_paid_broadcast=self.paid,
            )
        )
        return str(message.message_id)

    async def edit_notice(self, address: Address, message_id: str, html: str) -> None:
        """Replace a notice's text; the same text again counts as done."""
        request = self.bot.edit_message_text(
            html, chat_id=int(address.chat_id), message_id=int(message_id), link_preview_options=NO_PREVIEW
        )
        try:
            await call(request)
        except Rejected as error:
            if "message is not modified" not in error.reason:
                raise

    async def download(self, ref: str) -> bytes:
        """A photo's bytes through getFile (for its first upload to Matrix)."""
        file = await call(self.bot.get_file(ref))
        if file.file_path is None:
            raise Rejected(f"Telegram has no download for file {ref}")
        data = await call(self.bot.download_file(file.file_path))
        if data is None:
            raise Rejected(f"Telegram returned nothing for file {ref}")
        return data.read()

    def _file_id(self, photo: PhotoView) -> str | None:
        return photo.refs.get(Platform.TELEGRAM) or self._file_ids.get(photo.photo_id)

    async def _media(self, photo: PhotoView) -> str | BufferedInputFile:
        """The photo's file_id, or its bytes from the platform it was composed on."""
        known = self._file_id(photo)
        if known:
            return known
        data = await self.photos.fetch(photo, Platform.TELEGRAM)
        return BufferedInputFile(data, filename=f"herald-photo-{photo.photo_id}.jpg")


def _copy(messages: Sequence[Message], photos: Sequence[PhotoView]) -> SentCopy:
    """Message ids, and the file_id Telegram gave each photo so that later sends reuse it."""
    refs = {
        photo.photo_id: message.photo[-1].file_id
        for photo, message in zip(photos, messages, strict=False)
        if message.photo
    }
    return SentCopy(tuple(str(message.message_id) for message in messages), refs)
