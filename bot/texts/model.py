"""The kinds of text: a counted one (`Plural`) and one that goes into another as a value (`Phrase`)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Plural:
    """A text that depends on a number: the English singular and plural (other languages have their own forms)."""

    one: str
    other: str


class Phrase(str):
    """A text of this module used as a value in another text: translated before it is filled in. Its context (a
    msgctxt) names the sentence it goes in, for a language that words it there in a case of its own."""

    context: str | None

    def __new__(cls, text: str, context: str | None = None) -> "Phrase":
        phrase = super().__new__(cls, text)
        phrase.context = context
        return phrase
