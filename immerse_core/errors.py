"""The refusal of bad input that the library's parts share."""


class RefusedInput(ValueError):
    """Input refused, nothing done.  `code` says which check refused it (for a caller that words the refusal in
    its reader's language) and `params` what a message needs."""

    def __init__(self, message, *, code, **params):
        super().__init__(message)
        self.code = code
        self.params = params
