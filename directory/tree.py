"""Walking the jurisdiction tree (country → region → city): the tree is small, read in one query."""

from directory.models import Jurisdiction


def home_city(jurisdiction: Jurisdiction | None) -> Jurisdiction | None:
    """The city a jurisdiction is (or lies in); None above the cities."""
    while jurisdiction is not None and jurisdiction.level != Jurisdiction.Level.CITY:
        jurisdiction = jurisdiction.parent
    return jurisdiction


def cities_below(root: Jurisdiction) -> list[Jurisdiction]:
    """The cities at or below a jurisdiction, by name."""
    children: dict[int | None, list[Jurisdiction]] = {}
    for node in Jurisdiction.objects.all():
        children.setdefault(node.parent_id, []).append(node)
    found, todo = [], [root]
    while todo:
        node = todo.pop()
        if node.level == Jurisdiction.Level.CITY:
            found.append(node)
        todo.extend(children.get(node.pk, ()))
    return sorted(found, key=lambda city: city.name)
