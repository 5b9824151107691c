"""Models of the network library."""

__all__: list[str] = []
