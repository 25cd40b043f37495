"""{{ day|long_date }}: a day as pages write it, "3 maj 2020" (core/dates.py). A moment
(an aware datetime) is written as the day it is in the site's time zone, as `|date` does."""

from django import template

from core import dates

register = template.Library()
register.filter("long_date", dates.long_date, expects_localtime=True)
