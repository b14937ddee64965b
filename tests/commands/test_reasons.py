"""Reasons Herald gives itself (why a target stopped receiving, why a delivery failed or was skipped) are stored
as codes and said in the reader's language; old rows stored in English are translated too; a platform's own
description is shown as the platform wrote it."""

from sqlalchemy import select

from bot.domain.models import DeliveryState, TargetKind
from bot.domain.reasons import Reason, code, said
from storage.models import Delivery, Target
from tests.commands_harness import Harness, Sessions
from tests.factories import voice

PLATFORM_WORDS = "Forbidden: bot was blocked by the user"


def test_herald_s_reasons_are_translated_and_a_platforms_are_not() -> None:
    ru = voice("ru")
    assert said(code(Reason.REMOVED_FROM_CHAT, "kicked"), ru) == "удалён из чата и заблокирован"
    assert said(code(Reason.REMOVED_FROM_ROOM, "ban"), ru) == "заблокирован в комнате"
    assert said(code(Reason.REMOVED_FROM_ROOM, "knock"), ru) == "удалён из комнаты (knock)"
    assert said(code(Reason.WITHDRAWN), ru) == "пост снят с публикации"
    assert said(code(Reason.GONE), voice()) == "the post or the target is gone"
    assert said(PLATFORM_WORDS, ru) == PLATFORM_WORDS


def test_reasons_stored_in_english_before_codes_are_translated() -> None:
    ru = voice("ru")
    assert said("removed from the chat (kicked)", ru) == "удалён из чата и заблокирован"
    assert said("removed from the room (ban)", ru) == "заблокирован в комнате"
    assert said("the platform is not configured", ru) == "платформа не настроена"
    assert said("unknown error", ru) == "неизвестная ошибка"


async def failed(sessions: Sessions, *errors: str | None) -> None:
    """Post #1 failed to reach a target per error (None: no reason stored)."""
    async with sessions() as session:
        for number, error in enumerate(errors):
            target = Target(platform="telegram", chat_id=f"500{number}", kind=TargetKind.PRIVATE.value, title="")
            session.add(target)
            await session.flush()
            state = DeliveryState.FAILED.value
            session.add(Delivery(post_id=1, target_id=target.id, state=state, action="send", last_error=error))
        await session.commit()


async def test_a_russian_admin_reads_channels_and_stats_in_russian(herald: Harness) -> None:
    await herald.send(f"addchannel {herald.channel} UK")
    async with herald.sessions() as session:
        channel = await session.scalar(select(Target).where(Target.kind != TargetKind.PRIVATE.value))
        assert channel is not None
        channel.active, channel.inactive_reason = False, "removed from the chat (kicked)"  # an old row
        await session.commit()
    await failed(herald.sessions, PLATFORM_WORDS, None)
    await herald.send("language ru")
    [listed] = await herald.send("channels")
    assert listed.endswith("– UK – неактивен: удалён из чата и заблокирован"), listed
    [stats] = await herald.send("stats 1")
    assert "5000</code>: Forbidden: bot was blocked by the user" in stats
    assert "5001</code>: неизвестная ошибка" in stats
