"""Models of the network hub."""

__all__: list[str] = []
