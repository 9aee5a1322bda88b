"""The dashboard's figures tables, written in Python, say what the template said."""

from typing import Any

from django.template import Context, Template
from django.utils.safestring import mark_safe

from reports.templatetags.dashboard import figure_rows

# The rows as dashboard.html wrote them before the tag.
TEMPLATE = Template(
    '{% for row in rows %}<tr><th scope="row" class="fw-normal">{{ row.category|linebreaksbr }}'
    '</th>{% for point in row.points %}<td class="text-end">{% if point.url %}<a href="'
    '{{ point.url }}">{{ point.label|default:point.value }}</a>{% else %}'
    "{{ point.label|default:point.value }}{% endif %}{% if point.note %} "
    '<span class="text-danger-emphasis">{{ point.note }}</span>{% endif %}</td>{% endfor %}'
    "</tr>{% endfor %}"
)

ROWS: list[dict[str, Any]] = [
    {
        "category": "庙川社区\n<办事处>",
        "points": [
            {"value": 1161, "url": "/ledgers/minority/?community=1&open=yes", "label": ""},
            {"value": 0, "url": None, "label": ""},
            {"value": 12, "url": "/x/", "label": "60%", "note": "差 3 <项>"},
        ],
    },
    {"category": mark_safe("<b>安全</b>"), "points": [{"value": 7, "url": "", "label": "七"}]},
]


def test_the_rows_are_the_templates() -> None:
    written = str(figure_rows(ROWS))
    assert written == TEMPLATE.render(Context({"rows": ROWS}))
    assert "庙川社区<br>&lt;办事处&gt;" in written
    assert '<a href="/ledgers/minority/?community=1&amp;open=yes">1161</a>' in written
    assert '60%</a> <span class="text-danger-emphasis">差 3 &lt;项&gt;</span>' in written
