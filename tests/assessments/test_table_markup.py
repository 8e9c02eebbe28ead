"""The table pieces the report, progress and token pages share: the
``{% scrolltable %}`` region with its empty state, and a heading row drawn
from ``presenters.tables.Column``."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

from assessments.presenters.tables import Column, history_columns, report_columns

TABLE = (
    '{% load skillgap %}{% scrolltable "things-heading" rows=things class="table" %}'
    "<tbody>{% for t in things %}<tr><td>{{ t }}</td></tr>{% endfor %}</tbody>"
    "{% empty %}<p>Nothing yet.</p>{% endscrolltable %}"
)


def render(source, **context):
    return Template(source).render(Context(context))


def test_rows_are_shown_in_a_region_named_after_the_heading():
    html = render(TABLE, things=["a", "b"])
    assert 'role="region"' in html
    assert 'aria-labelledby="things-heading sg-table-word"' in html
    assert "<td>a</td>" in html and "<td>b</td>" in html
    assert "Nothing yet." not in html


def test_no_rows_show_the_empty_state_and_no_region():
    html = render(TABLE, things=[])
    assert html == "<p>Nothing yet.</p>"


def test_rows_are_no_attribute_of_the_table():
    assert '<table class="table"><tbody>' in render(TABLE, things=["a"])


def test_without_rows_the_table_is_always_shown_with_its_attributes():
    source = (
        '{% load skillgap %}{% scrolltable "h" class="table sg-x" id=table_id data-results %}'
        "<tbody></tbody>{% endscrolltable %}"
    )
    html = render(source, table_id='a"b')
    assert '<table class="table sg-x" id="a&quot;b" data-results><tbody></tbody></table>' in html
    assert 'role="region"' in html


@pytest.mark.parametrize(
    "source",
    [
        '{% load skillgap %}{% scrolltable "h" %}<tbody></tbody>{% empty %}x{% endscrolltable %}',
        '{% load skillgap %}{% scrolltable "h" On="x" %}<tbody></tbody>{% endscrolltable %}',
        '{% load skillgap %}{% scrolltable "h" on"x"="y" %}<tbody></tbody>{% endscrolltable %}',
        '{% load skillgap %}{% scrolltable class="t" %}<tbody></tbody>{% endscrolltable %}',
        "{% load skillgap %}{% scrolltable %}<tbody></tbody>{% endscrolltable %}",
    ],
)
def test_a_misused_tag_is_refused_when_the_template_is_read(source):
    with pytest.raises(TemplateSyntaxError):
        Template(source)


HEAD = '{% include "partials/table_head.html" with columns=columns %}'


def test_the_heading_row_sets_alignment_narrow_screens_and_unseen_labels():
    columns = [
        Column("Name"),
        Column("Score", numeric=True),
        Column("Weight", numeric=True, from_width="md"),
        Column("Duties", from_width="sm"),
        Column("Link", unseen=True),
    ]
    html = render(HEAD, columns=columns)
    assert '<th scope="col">Name</th>' in html
    assert '<th scope="col" class="text-end">Score</th>' in html
    assert '<th scope="col" class="text-end d-none d-md-table-cell">Weight</th>' in html
    assert '<th scope="col" class="d-none d-sm-table-cell">Duties</th>' in html
    assert '<th scope="col"><span class="visually-hidden">Link</span></th>' in html
    assert html.count("<thead>") == 1


def labels(columns):
    return [str(column.label) for column in columns]


def test_the_report_has_a_manager_column_only_where_a_manager_rated():
    without = report_columns(has_manager_ratings=False, self_only=False, comparison=False)
    rated = report_columns(has_manager_ratings=True, self_only=False, comparison=False)
    assert "Manager" not in labels(without["competencies"])
    assert labels(rated["competencies"]) == [
        "Competency", "Target", "Weight", "Self", "Manager", "Gap", "Priority", "Severity"
    ]  # fmt: skip


def test_the_areas_table_adds_self_ratings_and_change_when_there_are_some():
    plain = report_columns(has_manager_ratings=True, self_only=False, comparison=False)["areas"]
    full = report_columns(has_manager_ratings=True, self_only=True, comparison=True)["areas"]
    assert labels(full) == [
        "Area", "Current", "Target", "Readiness", "Self-ratings only", "Priority",
        "Most severe gap", "Change",
    ]  # fmt: skip
    assert labels(plain) == [
        label for label in labels(full) if label not in ("Self-ratings only", "Change")
    ]


def test_headings_are_in_the_language_of_the_page():
    with translation.override("id"):
        html = render(HEAD, columns=history_columns()["assessments"])
    with translation.override("en"):
        english = render(HEAD, columns=history_columns()["assessments"])
    assert "Submitted" in english
    assert "Submitted" not in html
