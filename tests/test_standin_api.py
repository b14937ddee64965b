"""The stand-in's file handling: multipart uploads, file_id reuse, getFile and the download path."""

from aiogram.types import BufferedInputFile, InputMediaPhoto
from aiogram.types.media_union import MediaUnion

from bot.settings import Settings
from bot.telegram.setup import create_bot
from tests.standin.server import BotApiStandIn
from tests.standin.state import Chat


async def test_upload_once_then_reuse_file_id_and_download(standin: BotApiStandIn) -> None:
    standin.world.chats[1] = Chat(1, "private", first_name="Reader")
    bot = create_bot(Settings(_env_file=None, telegram_bot_token=standin.token, telegram_api_url=standin.url))
    try:
        first = await bot.send_photo(1, BufferedInputFile(b"\xff\xd8jpeg", "a.jpg"), caption="<b>x</b>")
        assert first.photo is not None
        file_id = first.photo[-1].file_id
        again = await bot.send_photo(1, file_id)
        assert again.photo is not None and again.photo[-1].file_id == file_id
        assert standin.world.uploads == 1
        info = await bot.get_file(file_id)
        assert info.file_path is not None
        downloaded = await bot.download_file(info.file_path)
        assert downloaded is not None and downloaded.read() == b"\xff\xd8jpeg"
        media: list[MediaUnion] = [
            InputMediaPhoto(media=BufferedInputFile(b"b", "b.jpg")),
            InputMediaPhoto(media=file_id),
        ]
        album = await bot.send_media_group(1, media)
        assert len(album) == 2 and standin.world.uploads == 2
        swapped = await bot.edit_message_media(
            InputMediaPhoto(media=file_id, caption="new"), chat_id=1, message_id=album[0].message_id
        )
        assert not isinstance(swapped, bool) and swapped.caption == "new"
    finally:
        await bot.session.close()
