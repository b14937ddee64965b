"""The Matrix failure that stops Herald at start (kept apart so that importing it does not load mautrix)."""


class MatrixLoginError(Exception):
    """The homeserver can't be reached or refuses the access token."""
