"""Template filters for SkillGap's numbers, formatted for the active language.

``{% load skillgap %}``:

- ``{{ value|percent }}`` → ``72.5%`` in English, ``72,5%`` in Indonesian
  (one decimal, the language's decimal sign, no space before the sign: the
  Indonesian spelling rules write it next to the number too); ``—`` for None;
- ``{{ value|signed }}`` → ``+4.2`` / ``−3.1`` / ``0.0`` (a change in
  percentage points, one decimal); ``—`` for None;
- ``{{ value|level }}`` → a rating on the 0–4 scale, ``—`` for None;
- ``{% scrolltable "heading-id" class="…" %}…{% endscrolltable %}`` → a
  table in a scroll region a keyboard can reach, named after its heading;
  with ``rows=…`` and ``{% empty %}``, what stands instead when there are no
  rows.
"""

import re

from django import template
from django.utils.formats import number_format

register = template.Library()

NO_VALUE = "—"
PERCENT_FORMAT = "{number}%"  # every language: the number, then the sign
MINUS = "\u2212"


def _number(value, decimals: int) -> str:
    return number_format(value, decimals, use_l10n=True)


@register.filter
def percent(value, decimals=1):
    """A readiness value (0–100) as a percentage in the active language."""
    if value is None or value == "":
        return NO_VALUE
    try:
        number = _number(float(value), int(decimals))
    except (TypeError, ValueError):
        return NO_VALUE
    return PERCENT_FORMAT.format(number=number)


@register.filter
def signed(value, decimals=1):
    """A change with its sign: ``+4.2``, ``−3.1`` (a true minus sign), ``0.0``."""
    if value is None or value == "":
        return NO_VALUE
    try:
        value = float(value)
    except (TypeError, ValueError):
        return NO_VALUE
    number = _number(abs(value), int(decimals))
    if value > 0:
        return f"+{number}"
    if value < 0:
        return f"{MINUS}{number}"
    return number


@register.filter
def level(value):
    """A level on the 0–4 scale, or ``—`` when there is none."""
    return NO_VALUE if value is None else str(value)


# An attribute of the <table>, as the template writes it: a name, and a
# value unless it is a boolean attribute (``data-results``).
ATTRIBUTE_NAME = re.compile(r"[a-z][a-z0-9-]*\Z")


class ScrollTableNode(template.Node):
    def __init__(self, nodelist, labelledby, attributes, rows=None, nodelist_empty=None):
        self.nodelist = nodelist
        self.labelledby = labelledby
        self.attributes = attributes  # [(name, value or None)]
        self.rows = rows
        self.nodelist_empty = nodelist_empty or template.NodeList()

    def render(self, context):
        if self.rows is not None and not self.rows.resolve(context):
            return self.nodelist_empty.render(context)
        return template.loader.render_to_string(
            "partials/scroll_table.html",
            {
                "labelledby": self.labelledby.resolve(context),
                "attributes": [
                    (name, None if value is None else value.resolve(context))
                    for name, value in self.attributes
                ],
                "table": self.nodelist.render(context),
            },
        )


@register.tag
def scrolltable(parser, token):
    """``{% scrolltable "heading-id" class="table …" %}<thead>…</tbody>{% endscrolltable %}``.

    A ``<table>`` (with the attributes given, ``rows`` aside) that may scroll
    sideways, in a region a keyboard can reach and a screen reader names after
    the heading whose id is given (one place for the rule,
    ``templates/partials/scroll_table.html``).

    With ``rows=items`` and ``{% empty %}``, the table stands only when
    ``items`` has rows, and what follows ``{% empty %}`` (the words that say
    there is nothing) when it has none.
    """
    bits = token.split_contents()
    usage = (
        "scrolltable takes the id of the table's heading, then rows=… and the table's attributes"
    )
    if len(bits) < 2 or "=" in bits[1]:
        raise template.TemplateSyntaxError(usage)
    rows, attributes = None, []
    for bit in bits[2:]:
        name, equals, value = bit.partition("=")
        if not ATTRIBUTE_NAME.match(name):
            raise template.TemplateSyntaxError(f"{usage}: not an attribute: {bit}")
        if name == "rows":
            rows = parser.compile_filter(value)
        else:
            attributes.append((name, parser.compile_filter(value) if equals else None))
    nodelist = parser.parse(("empty", "endscrolltable"))
    nodelist_empty = None
    if parser.next_token().contents == "empty":
        if rows is None:
            raise template.TemplateSyntaxError("scrolltable's {% empty %} needs rows=…")
        nodelist_empty = parser.parse(("endscrolltable",))
        parser.delete_first_token()
    return ScrollTableNode(
        nodelist, parser.compile_filter(bits[1]), attributes, rows, nodelist_empty
    )
