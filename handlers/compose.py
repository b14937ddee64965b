"""Admins compose posts: /post with text or photos, photos added to the open draft, preview, publish, cancel."""

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.domain.models import PostView
from bot.domain.render import render_post
from bot.replies import discarded_text, draft_text, published_text
from bot.services.registry import Services
from bot.telegram.messenger import TelegramMessenger
from handlers.context import IsAdmin, actor_of, address_of, number, photos_of, words

router = Router(name=__name__)
router.message.filter(IsAdmin())
router.callback_query.filter(IsAdmin())


class DraftAction(CallbackData, prefix="draft"):
    """A Publish or Cancel button under a preview."""

    action: str
    draft_id: int


def draft_keyboard(draft_id: int) -> InlineKeyboardMarkup:
    """The Publish and Cancel buttons of a draft."""
    buttons = [
        InlineKeyboardButton(text="✅ Publish", callback_data=DraftAction(action="publish", draft_id=draft_id).pack()),
        InlineKeyboardButton(text="✖ Cancel", callback_data=DraftAction(action="cancel", draft_id=draft_id).pack()),
    ]
    return InlineKeyboardMarkup(inline_keyboard=[buttons])


async def show_preview(
    message: Message, draft: PostView, messenger: TelegramMessenger, replaced: int | None = None
) -> None:
    """Send the draft exactly as subscribers will get it, then its id and buttons (albums take none)."""
    await messenger.send_post(address_of(message), render_post(draft, messenger.style), key=f"preview-{draft.id}")
    await message.answer(draft_text(draft, "/", replaced), reply_markup=draft_keyboard(draft.id))


def optional_id(command: CommandObject) -> int | None:
    """The draft id after /publish or /cancel, when one is given."""
    args = words(command)
    return number(args[0], "The draft id") if args else None


@router.message(Command("post"))
async def post(
    message: Message,
    command: CommandObject,
    album: list[Message],
    services: Services,
    messenger: TelegramMessenger,
) -> None:
    """Start a draft from the text or photo caption after /post, and show its preview."""
    assert message.from_user is not None  # IsAdmin passed, so there is a sender
    actor = actor_of(message, message.from_user.id)
    replaced = await services.compose.open_draft_id(actor)
    draft = await services.compose.create_draft(actor, command.args or "", photos_of(album))
    await show_preview(message, draft, messenger, replaced)


@router.message(F.photo, ~F.caption.startswith("/"))  # a captioned command (/post, /edit) has its own handler
async def add_photos(message: Message, album: list[Message], services: Services, messenger: TelegramMessenger) -> None:
    """Attach photos sent while a draft is open; each caption is kept as the photo's credit."""
    assert message.from_user is not None
    draft = await services.compose.add_photos(actor_of(message, message.from_user.id), photos_of(album))
    if draft is not None:
        await show_preview(message, draft, messenger)
    elif message.chat.type == "private":
        await message.answer("No draft is open. Put /post Region: Title in the caption to start one with this photo.")


@router.message(Command("publish"))
async def publish(message: Message, command: CommandObject, services: Services) -> None:
    """Publish the open draft, or draft ID."""
    assert message.from_user is not None
    draft_id = optional_id(command)
    published = await services.compose.publish(actor_of(message, message.from_user.id), draft_id)
    confirmation = await message.answer(published_text(published))
    await services.stats.track(published.post.id, address_of(confirmation), str(confirmation.message_id))


@router.message(Command("cancel"))
async def cancel(message: Message, command: CommandObject, services: Services) -> None:
    """Discard the open draft."""
    assert message.from_user is not None
    draft_id = optional_id(command)
    cancelled = await services.compose.cancel(actor_of(message, message.from_user.id), draft_id)
    await message.answer(discarded_text(cancelled))


@router.callback_query(DraftAction.filter())
async def draft_button(query: CallbackQuery, callback_data: DraftAction, services: Services) -> None:
    """The Publish and Cancel buttons."""
    if not isinstance(query.message, Message):
        await query.answer("This preview is too old; use /publish instead.", show_alert=True)
        return
    actor = actor_of(query.message, query.from_user.id)
    if callback_data.action == "publish":
        published = await services.compose.publish(actor, callback_data.draft_id)
        text = published_text(published)
        await services.stats.track(published.post.id, address_of(query.message), str(query.message.message_id))
    else:
        text = discarded_text(await services.compose.cancel(actor, callback_data.draft_id))
    await query.message.edit_text(text, reply_markup=None)
    await query.answer(text)
