"""The catalogue template (`bot/locales/herald.pot`) from `bot.texts`: `python -m bot.pot` writes it and adds new
messages to each language's catalogue, untranslated (they show in English until someone translates them)."""

import io
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from bot import texts
from bot.catalogues import DOMAIN, LOCALES
from bot.texts import Phrase, Plural

HEADER = "# Herald's messages, written by `python -m bot.pot` from bot/texts/: edit those, not this file."
Message = str | tuple[str, str]
UNSTABLE = ('"POT-Creation-Date:', '"PO-Revision-Date:', '"Generated-By:')  # a text, or a plural's singular and plural


def messages() -> Iterator[tuple[str, Message, str | None]]:
    """Every text of `bot.texts`, in order, with the name of its constant (a plural as its two English forms)
    and its context (a phrase's)."""
    for name, value in vars(texts).items():
        if not name.isupper():
            continue
        if isinstance(value, dict):
            for key, text in value.items():
                yield f"{name}[{key}]", text, _context(text)
        elif isinstance(value, Plural):
            yield name, (value.one, value.other), None
        elif isinstance(value, str):
            yield name, value, _context(value)


def _context(text: str) -> str | None:
    return text.context if isinstance(text, Phrase) else None


def template() -> Catalog:
    """The catalogue template: each message with the constants that hold it, as comments for translators."""
    catalog = Catalog(project="Herald", domain=DOMAIN, header_comment=HEADER, fuzzy=False)
    for name, message, context in messages():
        known = catalog.get(message[0] if isinstance(message, tuple) else message, context)
        comments = [*known.auto_comments, name] if known is not None else [name]
        catalog.add(message, auto_comments=comments, context=context)
    return catalog


def render(catalog: Catalog) -> str:
    """A catalogue as `.po` text, without the header lines that change with the day or the Babel version."""
    output = io.BytesIO()
    write_po(output, catalog, width=120, omit_header=False, sort_output=False, no_location=True)
    lines = output.getvalue().decode().splitlines()
    return "\n".join(line for line in lines if not line.startswith(UNSTABLE)) + "\n"


def update(path: Path, pot: Catalog) -> None:
    """Bring a language's catalogue up to the template: new messages added untranslated, old ones dropped."""
    with path.open("rb") as source:
        catalog = read_po(source, locale=path.parent.parent.name, domain=DOMAIN)
    catalog.update(pot, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    path.write_text(render(catalog))


def main(folder: Path = LOCALES) -> None:
    """Write the template, then update every language's catalogue."""
    pot = template()
    (folder / f"{DOMAIN}.pot").write_text(render(pot))
    for path in sorted(folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        update(path, pot)


if __name__ == "__main__":
    main()
