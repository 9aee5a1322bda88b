"""Template tags of printed pages: the office that prints them."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def office_name() -> str:
    return str(settings.OFFICE_NAME)
