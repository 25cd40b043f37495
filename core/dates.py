"""
The one way pages write a day: "3 maj 2020" in Swedish, "3 May 2020" in English (Django's
"j F Y"), for sources' dates, citations and version banners alike.

Written out here rather than through `formats.date_format`, whose general formatter
took 50 µs a date (6–8 µs here): a record page writes a hundred or more of its sources'
dates, a twentieth of an actor's page. The month's name comes from Django's own
translated names, so both languages read as `date_format` writes them (tested).
"""

from django.utils.dates import MONTHS


def long_date(day):
    """`day` (a date or datetime) as "3 maj 2020"; "" for None."""
    if day is None or day == "":
        return ""
    return f"{day.day} {MONTHS[day.month]} {day.year}"
