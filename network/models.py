"""The network's models, one module per part: the practice library, the city's reports to the hub,
and the hub's member cities and received reports."""

from network.exchange.models import *  # noqa: F403
from network.hub.models import *  # noqa: F403
from network.library.models import *  # noqa: F403
