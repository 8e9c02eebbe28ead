"""Template helpers of the cycles app (no query)."""

from django import template

register = template.Library()


@register.filter
def confirmable(section) -> bool:
    """Does a rating page's area hold ratings carried over from the previous
    assessment and not changed since (rated, revision 0)? Then "nothing
    changed in this area" is offered."""
    return any(row.level != "" and row.revision == 0 for row in section.rows)
