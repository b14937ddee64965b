"""Herald's messenger Protocol over the Matrix client-server API (mautrix)."""

import asyncio
import hashlib
import re
from collections.abc import Sequence
from html import unescape as html_unescape
from typing import Any

from mautrix.api import Method, Path
from mautrix.client import ClientAPI
from mautrix.errors import MNotFound
from mautrix.types import ContentURI, EventID, RoomID

from bot.domain.models import Address, PhotoView, Platform
from bot.domain.render import Rendered, RenderStyle
from bot.domain.rich import url_href
from bot.domain.text import escape, visible_text
from bot.matrix.api import call, translate
from bot.matrix.formatted import HTML_FORMAT
from bot.media import PhotoFetcher
from bot.messenger import SentCopy

_CODE_BLOCK = re.compile(r"(<pre>.*?</pre>)", re.DOTALL)
_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.DOTALL)


def line_breaks(html: str) -> str:
    """Line breaks as <br> (HTML collapses newlines), except in a code block, whose newlines are its own."""
    pieces = _CODE_BLOCK.split(html)  # Herald's own HTML: its text is escaped, so `<pre>` is always a tag
    return "".join(piece if index % 2 else piece.replace("\n", "<br>") for index, piece in enumerate(pieces))


def plain_text(html: str) -> str:
    """The plain-text fallback: the visible text, with a link's address after its text when they differ."""

    def spelled(match: re.Match[str]) -> str:
        href, text = html_unescape(match[1]), visible_text(match[2])
        return text if href in (text, url_href(text)) else f"{match[2]} ({escape(href)})"  # `www.…` is its own

    return visible_text(_LINK.sub(spelled, html))


def text_content(html: str, msgtype: str = "m.text") -> dict[str, Any]:
    """A formatted message with its plain-text fallback."""
    return {"msgtype": msgtype, "body": plain_text(html), "format": HTML_FORMAT, "formatted_body": line_breaks(html)}


def edit_content(event_id: str, html: str, msgtype: str = "m.text") -> dict[str, Any]:
    """An `m.replace` edit of event_id: clients that know edits show the new content in place."""
    new = text_content(html, msgtype)
    return {
        **{key: ("* " + value if key in ("body", "formatted_body") else value) for key, value in new.items()},
        "m.new_content": new,
        "m.relates_to": {"rel_type": "m.replace", "event_id": event_id},
    }


def image_content(mxc: str, label: str) -> dict[str, Any]:
    """An `m.image` of an uploaded photo; its label (the credit, or "Photo 2" in the copy's language) is the text
    clients show when the image can't be."""
    return {"msgtype": "m.image", "body": label, "url": mxc}


def image_type(data: bytes) -> str:
    """The MIME type of photo bytes, from their signature."""
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data[8:12] == b"WEBP":
        return "image/webp"
    return "image/jpeg"


class MatrixMessenger:
    """Sends a post as one `m.image` per photo and then its formatted text; every send has a transaction id
    derived from the delivery's key, so a retry or a restart after a crash cannot post twice."""

    platform = Platform.MATRIX

    def __init__(self, client: ClientAPI, style: RenderStyle, photos: PhotoFetcher) -> None:
        self.client, self.style, self.photos = client, style, photos
        self._uploads: dict[int, asyncio.Task[str]] = {}

    async def send_post(self, address: Address, post: Rendered, key: str) -> SentCopy:
        room = RoomID(address.chat_id)
        uploaded = {photo.photo_id: await self._mxc(photo) for photo in post.photos}
        ids = []
        for number, photo in enumerate(post.photos, start=1):
            content = image_content(uploaded[photo.photo_id], post.label(number))
            ids.append(await self._send(room, content, f"{key}-p{number}"))
        ids.append(await self._send(room, text_content(post.html), f"{key}-t"))
        new_refs = {p.photo_id: uploaded[p.photo_id] for p in post.photos if Platform.MATRIX not in p.refs}
        return SentCopy(tuple(ids), new_refs)

    async def edit_post(
        self, address: Address, message_ids: Sequence[str], post: Rendered, media_changed: bool, key: str
    ) -> SentCopy:
        """The text in place with an `m.replace` edit; new photos mean the copy is redacted and sent again."""
        if media_changed:
            await self.delete_post(address, message_ids)
            return await self.send_post(address, post, key)
        room = RoomID(address.chat_id)
        await self._send(room, edit_content(message_ids[-1], post.html), f"{key}-t")
        return SentCopy(tuple(message_ids))

    async def delete_post(self, address: Address, message_ids: Sequence[str]) -> None:
        """Redact every event of the copy; one already gone counts as done."""
        for event_id in message_ids:
            digest = hashlib.sha256(event_id.encode()).hexdigest()[:24]
            path = Path.v3.rooms[RoomID(address.chat_id)].redact[EventID(event_id)][f"herald-redact-{digest}"]
            try:
                await self.client.api.request(Method.PUT, path, content={})
            except MNotFound:
                continue
            except Exception as error:
                raise translate(error) from error

    async def send_notice(self, address: Address, html: str) -> str:
        """An `m.notice`, as bots answer on Matrix."""
        return await self._send(RoomID(address.chat_id), text_content(html, "m.notice"), self.client.api.get_txn_id())

    async def edit_notice(self, address: Address, message_id: str, html: str) -> None:
        content = edit_content(message_id, html, "m.notice")
        await self._send(RoomID(address.chat_id), content, self.client.api.get_txn_id())

    async def download(self, ref: str) -> bytes:
        """A photo's bytes from the media repository (authenticated media)."""
        return await call(self.client.download_media(ContentURI(ref)))

    async def _send(self, room: RoomID, content: dict[str, Any], txn_id: str) -> str:
        """PUT the event under txn_id: the homeserver answers a repeated transaction with the first event's id."""
        path = Path.v3.rooms[room].send["m.room.message"][txn_id]
        reply = await call(self.client.api.request(Method.PUT, path, content=content))
        return str(reply["event_id"])

    async def _mxc(self, photo: PhotoView) -> str:
        """The photo's `mxc://` URI; the first send that needs it uploads it and concurrent sends wait for that."""
        known = photo.refs.get(Platform.MATRIX)
        if known:
            return known
        upload = self._uploads.get(photo.photo_id)
        if upload is None or (upload.done() and (upload.cancelled() or upload.exception() is not None)):
            upload = asyncio.ensure_future(self._upload(photo))
            self._uploads[photo.photo_id] = upload
        return await asyncio.shield(upload)

    async def _upload(self, photo: PhotoView) -> str:
        data = await self.photos.fetch(photo, Platform.MATRIX)
        mime = image_type(data)
        name = f"herald-photo-{photo.photo_id}.{mime.split('/')[1]}"
        return str(await call(self.client.upload_media(data, mime_type=mime, filename=name)))
