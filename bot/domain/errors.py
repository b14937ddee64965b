"""Errors that carry one clear message for the person who caused them."""


class UserError(Exception):
    """A bad input or request; its text is shown to the user as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
