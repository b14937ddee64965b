"""language: which language Herald speaks in a chat (a private chat's person, or a group's or room's admins)."""

from collections.abc import Sequence

from bot import texts
from bot.commands.model import Audience, Call, Choice, Command, Reply, Say
from bot.domain.languages import base_language, parse_language
from bot.domain.voice import Voice


async def language(call: Call) -> Sequence[Reply]:
    """`language` shows this chat's language and the choices; `language ru` changes it, and the answer comes in
    the new language."""
    request = call.request
    if not request.args.strip():
        return [await current(call)]
    code = parse_language(request.args, call.voice.languages)
    await call.services.languages.choose(request.chat, request.chat_kind, await request.port.title(), code)
    voice = call.voice.into(code)
    return [Say(voice.fill(texts.LANGUAGE_SET, language=voice.language_name(code)))]


async def current(call: Call) -> Say:
    """The chat's language, whether it follows the person's app, and a line (and a button) per choice."""
    voice, request = call.voice, call.request
    stored = await call.services.languages.current(request.chat)
    # an app in a language Herald doesn't speak (`de`) is not followed: Herald speaks English there on its own
    follows_app = request.private and not stored.chosen and base_language(request.language) == voice.language
    template = texts.LANGUAGE_OF_APP if follows_app else texts.LANGUAGE_HERE
    lines = [voice.fill(template, language=voice.language_name(voice.language)), voice.fill(texts.LANGUAGE_CHOICES)]
    lines += [voice.fill(texts.LANGUAGE_CHOICE, code=code, name=_own_name(voice, code)) for code in voice.languages]
    choices = tuple(Choice(_own_name(voice, code), f"language {code}") for code in voice.languages)
    return Say("\n".join(lines), choices)


def _own_name(voice: Voice, code: str) -> str:
    return voice.language_name(code, own=True)


COMMANDS = [Command("language", language, Audience.CHAT_ADMINS, "[en|ru]", texts.HELP_LANGUAGE)]
