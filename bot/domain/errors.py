"""Errors that carry one clear message for the person who caused them."""

from bot.domain.text import fill


class UserError(Exception):
    """A bad input or request. Its text is a template of `bot.texts`: `{p}` is the platform's command prefix,
    and the other fields are values that are escaped when the message is rendered as HTML."""

    offers: tuple[tuple[str, str], ...] = ()  # answers to pick instead of typing: a label and its command line

    def __init__(self, template: str, **values: object) -> None:
        self.template, self.values = template, values
        super().__init__(self.plain("/"))

    def render(self, prefix: str) -> str:
        """The message as HTML, naming commands with prefix."""
        return fill(self.template, prefix, **self.values)

    def plain(self, prefix: str) -> str:
        """The message as plain text."""
        return self.template.format(p=prefix, **{name: str(value) for name, value in self.values.items()})

    @property
    def message(self) -> str:
        return self.plain("/")
