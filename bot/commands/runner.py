"""Runs a command for any platform: who may run it, one unit of work, and the replies once it is committed."""

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot import texts
from bot.catalogues import Catalogues, language_of
from bot.commands.flood import FloodGate, Verdict
from bot.commands.model import (
    CHOICE_COMMAND_BYTES,
    Audience,
    Call,
    Catalogue,
    Choice,
    Command,
    Reply,
    Request,
    Run,
    Say,
)
from bot.domain.errors import UserError
from bot.domain.models import Address, Platform, TargetKind
from bot.domain.text import visible_text
from bot.domain.voice import Voice
from bot.messenger import DeliveryError
from bot.services.languages import LanguageService
from bot.services.ports import OutboxWaker
from bot.services.registry import Services
from storage.uow import UnitOfWork, UnitsOfWork

log = logging.getLogger(__name__)


def refusal(command: Command, request: Request) -> str | None:
    """Why request may not run an admin command, or None when it may."""
    if command.audience != Audience.HERALD_ADMINS or request.is_admin:
        return None
    if request.chat_kind == TargetKind.CHANNEL:
        return texts.NOT_AS_CHANNEL_POST
    return texts.ADMINS_ONLY_MATRIX if request.platform == Platform.MATRIX else texts.ADMINS_ONLY


class CommandRunner:
    """Checks who may run a command, runs it in one unit of work, and returns its replies only once its effects
    are committed: a reply never tells of something that was not stored."""

    def __init__(
        self,
        catalogue: Catalogue,
        units: UnitsOfWork,
        outbox: OutboxWaker,
        zone: ZoneInfo,
        flood: FloodGate | None = None,
        *,
        catalogues: Catalogues | None = None,
    ) -> None:
        self.catalogue, self.units, self.outbox, self.zone = catalogue, units, outbox, zone
        self.flood = flood or FloodGate()
        self.catalogues = catalogues or Catalogues()

    def answers_unaddressed(self, name: str, from_herald_admin: bool) -> bool:
        """In a shared chat, whether a command not addressed to Herald by name is Herald's: one it knows, and for
        an admin command one sent by a Herald admin (anyone else's `/stats` or `/post` is likely another bot's)."""
        command = self.catalogue.get(name)
        if command is None or command.hidden:  # nobody types a button's command: a bare one is another bot's
            return False
        return command.audience != Audience.HERALD_ADMINS or from_herald_admin

    def today(self) -> date:
        return datetime.now(self.zone).date()

    async def run(self, request: Request) -> Sequence[Reply]:
        """The replies to a command; an unknown one is pointed to help; a flood is told to slow down, once."""
        if (held := await self._held(request)) is not None:
            return held
        command = self.catalogue.get(request.command)
        if command is None:
            voice = await self.voice(request)
            return await self._refuse(request, say(texts.UNKNOWN_COMMAND, voice, name=request.command))
        if (refused := refusal(command, request)) is not None:
            return await self._refuse(request, say(refused, await self.voice(request)))
        if command.audience == Audience.CHAT_ADMINS:
            try:
                allowed = request.private or await request.port.is_chat_admin()
            except Exception as error:  # a fault while asking is no refusal: the sender may try again
                log.warning("could not check the rights of %s in %s: %r", request.user_id, request.chat, error)
                return [say(texts.SOMETHING_WENT_WRONG, await self.voice(request), error=True)]
            if not allowed:
                return await self._refuse(request, say(_chat_admins_only(request), await self.voice(request)))
        return await self.execute(command.run, request)

    def reported(self, request: Request) -> str | None:
        """The language the platform reports for the sender, as one Herald speaks (None: it reported none)."""
        return self.reported_by(request.language)

    def reported_by(self, code: str | None) -> str | None:
        """The language Herald speaks for a platform's language code (English for one it doesn't speak)."""
        return language_of(code, self.catalogues.books)

    async def voice(self, request: Request) -> Voice:
        """How Herald speaks in the request's chat, read in a unit of work of its own (for answers given without
        running a command)."""
        return await self.voice_in(request.chat, request.private, request.language)

    async def voice_in(self, chat: Address, private: bool, code: str | None) -> Voice:
        """How Herald speaks in chat, as for a command there from someone whose app reports code (the chat's
        chosen language wins); English when the chat's language can't be read."""
        try:
            async with self.units() as uow:
                language = await LanguageService(uow.repos).of_chat(chat, private, self.reported_by(code))
        except Exception:
            log.warning("could not read the language of %s", chat, exc_info=True)
            language = None
        return self.catalogues.voice(chat.platform, language)

    async def photos(self, request: Request) -> Sequence[Reply]:
        """Photos sent without a command: they join an admin's open draft; anyone else's are not Herald's."""
        if not request.is_admin or self.catalogue.on_photos is None:
            return []
        return await self.execute(self.catalogue.on_photos, request)

    async def _held(self, request: Request) -> Sequence[Reply] | None:
        """None when the request may run; else the answer to a flood (a warning once, then nothing). Herald's
        admins are trusted with bursts: they may script a run of commands."""
        if request.is_admin:
            return None
        verdict = self.flood.admit(f"{request.chat}|{request.user_id}")
        if verdict == Verdict.RUN:
            return None
        if verdict == Verdict.WARN:
            log.warning("%s floods %s with commands: they are not run for a while", request.user_id, request.chat)
            return [say(texts.SLOW_DOWN, await self.voice(request), error=True)]
        return []

    async def execute(self, run: Run, request: Request) -> Sequence[Reply]:
        """Run in one unit of work, in the chat's language, and commit; a refused input or a failure rolls
        everything back."""
        private, reported = request.private, self.reported(request)
        voice = self.catalogues.voice(request.platform, reported if private else None)  # until the chat's is read
        try:
            async with self.units.in_turn() as uow:
                if request.event_key and await uow.repos.inbox.handled(request.event_key):
                    return []  # answered before a restart
                services = Services.over(uow, self.outbox, self.today, self.zone)
                language = await services.languages.settle(request.chat, private, reported)
                voice = self.catalogues.voice(request.platform, language)
                replies = await run(Call(request, services, self.catalogue, voice))
                await self._done(uow, request)
                return replies
        except UserError as error:
            await self._remember_refusal(request)
            return [Say(error.render(voice), choices=offered(error, voice), error=True)]
        except DeliveryError as error:  # the platform failed while the command asked it something
            log.warning("command %s in %s failed on the platform: %s", request.command, request.chat, error.reason)
            return [say(texts.SOMETHING_WENT_WRONG, voice, error=True)]
        except Exception:
            log.exception("command %s from %s failed; nothing was saved", request.command or "photos", request.chat)
            return [say(texts.SOMETHING_WENT_WRONG, voice, error=True)]

    async def _refuse(self, request: Request, refusal: Say) -> Sequence[Reply]:
        """A refusal, remembered like any answer so that an event handed in again is not refused twice; to a
        pressed button it is a toast (nothing failed: the presser may not)."""
        await self._remember_refusal(request)
        return [replace(refusal, error=True, toast=visible_text(refusal.html))]

    async def _done(self, uow: UnitOfWork, request: Request) -> None:
        if request.event_key:
            await uow.repos.inbox.mark_handled(request.event_key)  # last: the write lock is held the least
        await uow.commit()

    async def _remember_refusal(self, request: Request) -> None:
        """A refused event is answered once, also when the platform hands it in again."""
        if not request.event_key:
            return
        try:
            async with self.units() as uow:
                await self._done(uow, request)
        except Exception:
            log.warning("could not record event %s as answered", request.event_key, exc_info=True)


def say(template: str, voice: Voice, *, error: bool = False, **values: object) -> Say:
    """A reply from a template of `bot.texts`, in voice's language and with its prefix, values escaped."""
    return Say(voice.fill(template, **values), error=error)


def offered(error: UserError, voice: Voice) -> tuple[Choice, ...]:
    """The answers an error offers, as choices; one whose command is too long to carry in a button is left to the
    text, which names every command anyway."""
    choices = (Choice(label, command) for label, command in error.offers(voice))
    return tuple(choice for choice in choices if len(choice.command.encode()) <= CHOICE_COMMAND_BYTES)


def _chat_admins_only(request: Request) -> str:
    return texts.CHAT_ADMINS_ONLY_ROOM if request.platform == Platform.MATRIX else texts.CHAT_ADMINS_ONLY_GROUP
