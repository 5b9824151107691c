"""Models of the network exchange."""

__all__: list[str] = []
