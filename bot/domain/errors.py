"""Errors that carry one clear message for the person who caused them."""

from collections.abc import Callable

from bot.domain.voice import Voice

Offers = tuple[tuple[str, str], ...]  # a label in the reader's language, and the command line it runs


class UserError(Exception):
    """A bad input or request. Its text is a template of `bot.texts`, said in the reader's language: `{p}` is the
    platform's command prefix, and the other fields are values that are escaped when the message is rendered."""

    def __init__(self, template: str, **values: object) -> None:
        self.template, self.values = template, values
        super().__init__(self.message)

    def render(self, voice: Voice) -> str:
        """The message as HTML, in voice's language, naming commands with its prefix."""
        return voice.fill(self.template, **self.values)

    def offers(self, voice: Voice) -> Offers:
        """Answers to pick instead of typing: a label in voice's language, and its command line."""
        return ()

    @property
    def message(self) -> str:
        """The message in English, as plain text (for logs)."""
        return self.template.format(p="/", **{name: str(value) for name, value in self.values.items()})


class WordedError(UserError):
    """A service's UserError as a handler words it: the service gives plain values, the handler the text."""

    def __init__(self, cause: UserError, wording: Callable[[Voice], str], offered: Callable[[Voice], Offers]) -> None:
        super().__init__(cause.template, **cause.values)
        self.wording, self.offered = wording, offered

    def render(self, voice: Voice) -> str:
        """The handler's wording."""
        return self.wording(voice)

    def offers(self, voice: Voice) -> Offers:
        """The handler's choices."""
        return self.offered(voice)
