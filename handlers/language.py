"""language: which language Herald speaks in a chat (a private chat's person, or a group's or room's admins)."""

from collections.abc import Sequence

from bot import texts
from bot.commands.model import Audience, Call, Choice, Command, Reply, Say
from bot.domain.languages import parse_language
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
    follows_app = request.private and not stored.chosen and _base(request.language) == voice.language
    template = texts.LANGUAGE_OF_APP if follows_app else texts.LANGUAGE_HERE
    lines = [voice.fill(template, language=voice.language_name(voice.language)), voice.fill(texts.LANGUAGE_CHOICES)]
    lines += [voice.fill(texts.LANGUAGE_CHOICE, code=code, name=_own_name(voice, code)) for code in voice.languages]
    choices = tuple(Choice(_own_name(voice, code), f"language {code}") for code in voice.languages)
    return Say("\n".join(lines), choices)


def _own_name(voice: Voice, code: str) -> str:
    return voice.language_name(code, own=True)


def _base(code: str | None) -> str | None:
    """`ru` for `ru-RU`: the language of a platform's language code."""
    return code.replace("_", "-").split("-")[0].lower() if code else None


COMMANDS = [Command("language", language, Audience.CHAT_ADMINS, "[en|ru]", texts.HELP_LANGUAGE)]
