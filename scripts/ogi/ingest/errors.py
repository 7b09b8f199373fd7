"""The one exception of the ingest stage."""


class UnreadableInput(Exception):
    """The input cannot be turned into text; the message is the rejection reason."""
