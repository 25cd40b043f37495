"""
Citations of a page: the text in the page's language, and BibTeX, RIS and CSL-JSON files.

A `Citation` holds what every format needs (title, kind, the page's address, the version
cited with its date and permanent address, the access date); `bibtex`, `ris` and
`csl_json` turn it into the three file formats, `Citation.text` into the sentence shown
in the "Cite" block (`templates/includes/citation_block.html`); `CitationFileView` serves
them as files. Nothing here touches the database or knows a domain app, so every page can
cite: `front.views.citations` finds a record's version (`core.publishing.published_versions`)
and builds its citation; the data set page builds its own with `dataset_citation` and
serves it with `DatasetCitationView`.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import register_converter
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from .dates import long_date

# What is cited: the CSL type, the RIS type and the BibTeX entry type of each kind.
KINDS = {
    "initiative": ("webpage", "ELEC", "misc"),
    "municipality": ("webpage", "ELEC", "misc"),
    "article": ("webpage", "ELEC", "misc"),
    "dataset": ("dataset", "DATA", "misc"),
}
FORMATS = {
    "bib": "application/x-bibtex; charset=utf-8",
    "ris": "application/x-research-info-systems; charset=utf-8",
    "json": "application/vnd.citationstyles.csl+json; charset=utf-8",
}

FILE_LABELS = {"bib": "BibTeX", "ris": "RIS", "json": "CSL-JSON"}


class CitationFormatConverter:
    """`<citeformat:format>` in a URL pattern: bib, ris or json (cite.bib, cite.ris, cite.json)."""

    regex = "|".join(FORMATS)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


# Registered on import, so every URLconf that serves citation files (which imports this
# module for the views) can use it.
register_converter(CitationFormatConverter, "citeformat")


def author():
    """The knowledge base as the (corporate) author, in the active language."""
    return _("School equity knowledge base")


@dataclass(frozen=True)
class Citation:
    kind: str
    title: str
    # Absolute addresses: the current page, and the permanent one of the version cited
    # (None when no version is kept, e.g. records loaded in bulk without history).
    url: str
    version_url: str | None
    version_date: date | None
    accessed: date
    # A stable identifier for the files' keys and names (ASCII).
    key: str
    # Where the files are: this path + ".bib", ".ris", ".json" (None: no downloads).
    files_at: str | None = None

    @property
    def cited_url(self):
        return self.version_url or self.url

    @property
    def year(self):
        return (self.version_date or self.accessed).year

    @property
    def version_note(self):
        if self.version_date is None:
            return ""
        return _("Version of %(date)s") % {"date": long_date(self.version_date)}

    @property
    def text(self):
        """Kunskapsbanken … (2026). "Titel". Version från 3 november 2026. https://… (hämtad …)."""
        parts = [f"{author()} ({self.year}).", f'"{self.title}".']
        if self.version_note:
            parts.append(f"{self.version_note}.")
        accessed = _("accessed %(date)s") % {"date": long_date(self.accessed)}
        parts.append(f"{self.cited_url} ({accessed}).")
        return " ".join(parts)

    @property
    def version_path(self):
        """The version's permanent address without scheme and host, for links."""
        return urlsplit(self.version_url).path if self.version_url else None

    @property
    def downloads(self):
        """[(label, url, media type)] of the three files, or [] when there are none."""
        if not self.files_at:
            return []
        return [
            (label, f"{self.files_at}.{extension}", FORMATS[extension].split(";")[0])
            for extension, label in FILE_LABELS.items()
        ]


def today():
    return timezone.localdate()


def dataset_citation(
    request, *, title, page=None, version_date=None, version_url=None, files_at=None
):
    """The citation of the whole data set (the /data/ page and its cite.* files).

    `page`: the data set's page (default: the requested path); `version_date`: when the
    published data last changed; `version_url`: an address that keeps serving that
    version, if there is one; `files_at`: e.g. "/data/cite".
    """
    return Citation(
        kind="dataset",
        title=title,
        url=request.build_absolute_uri(page or request.path),
        version_url=version_url and request.build_absolute_uri(version_url),
        version_date=version_date,
        accessed=today(),
        key="skoljamlikhet-data" + (f"-{version_date:%Y%m%d}" if version_date else ""),
        files_at=files_at,
    )


# BibTeX: the characters LaTeX gives a meaning, written so they print as themselves.
BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
BIBTEX_SPECIAL = re.compile("|".join(re.escape(c) for c in BIBTEX_ESCAPES))


def bibtex_value(text):
    text = " ".join(str(text).split())
    return BIBTEX_SPECIAL.sub(lambda m: BIBTEX_ESCAPES[m.group()], text)


def bibtex(citation):
    """One @misc entry (biblatex's `date`, `urldate`, `version` and BibTeX's `year`, `note`)."""
    entry_type = KINDS[citation.kind][2]
    fields = [
        # Double braces: a corporate author, not a first and last name.
        ("author", "{" + bibtex_value(author()) + "}"),
        ("title", bibtex_value(citation.title)),
        ("year", str(citation.year)),
    ]
    if citation.version_date:
        fields += [
            ("date", citation.version_date.isoformat()),
            ("version", citation.version_date.isoformat()),
            ("note", bibtex_value(citation.version_note)),
        ]
    fields += [
        ("url", citation.cited_url),
        ("howpublished", r"\url{" + citation.cited_url + "}"),
        ("urldate", citation.accessed.isoformat()),
        ("language", language_name()),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry_type}{{{citation.key},\n{body}\n}}\n"


def language_name():
    """biblatex's name of the active language."""
    return {"sv": "swedish", "en": "english"}.get(get_language() or "", "english")


def ris_value(text):
    return " ".join(str(text).split())


def ris(citation):
    """One RIS record: the tags Zotero, EndNote and Mendeley read (lines end CRLF)."""
    lines = [
        ("TY", KINDS[citation.kind][1]),
        ("ID", citation.key),
        ("TI", ris_value(citation.title)),
        ("AU", ris_value(author())),
        ("PY", str(citation.year)),
    ]
    if citation.version_date:
        lines += [
            ("DA", citation.version_date.strftime("%Y/%m/%d")),
            ("ET", citation.version_date.isoformat()),
            ("N1", ris_value(citation.version_note)),
        ]
    lines += [
        ("UR", citation.cited_url),
        ("Y2", citation.accessed.strftime("%Y/%m/%d")),
        ("LA", get_language() or ""),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)


def date_parts(day):
    return {"date-parts": [[day.year, day.month, day.day]]}


def csl_item(citation):
    """The citation as one CSL-JSON item (the input format of citeproc and Zotero)."""
    item = {
        "id": citation.key,
        "type": KINDS[citation.kind][0],
        "title": citation.title,
        "author": [{"literal": author()}],
        "publisher": author(),
        "URL": citation.cited_url,
        "accessed": date_parts(citation.accessed),
        "issued": date_parts(citation.version_date) if citation.version_date else {},
        "language": get_language() or "",
    }
    if citation.version_date:
        item["version"] = citation.version_date.isoformat()
        item["note"] = citation.version_note
    else:
        # CSL wants a date of issue; without a kept version the year is all we say.
        item["issued"] = {"date-parts": [[citation.year]]}
    return item


def csl_json(citation):
    """A CSL-JSON document: a list holding the one item."""
    return json.dumps([csl_item(citation)], ensure_ascii=False, indent=2) + "\n"


RENDERERS = {"bib": bibtex, "ris": ris, "json": csl_json}


def render(citation, file_format):
    """(body, content type) of the citation as a file of `file_format` (bib, ris, json)."""
    return RENDERERS[file_format](citation), FORMATS[file_format]


class CitationFileView(View):
    """A citation as a file: `format` is bib (BibTeX), ris (RIS) or json (CSL-JSON).

    Subclasses say what is cited (`get_citation`).
    """

    def get_citation(self):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        file_format = kwargs["format"]
        if file_format not in FORMATS:
            raise Http404("No such citation format.")
        citation = self.get_citation()
        body, content_type = render(citation, file_format)
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'inline; filename="{citation.key}.{file_format}"'
        return response


class DatasetCitationView(CitationFileView):
    """The citation files of the whole data set, e.g. at /data/cite.<format>.

    `citation` is a callable taking the request and returning a `Citation`, usually
    `core.citations.dataset_citation(request, title=..., version_date=..., ...)`:

        path("data/cite.<citeformat:format>",
             DatasetCitationView.as_view(citation=my_dataset_citation), name="cite")
    """

    citation: Callable[[HttpRequest], Citation] | None = None

    def get_citation(self):
        if self.citation is None:
            raise Http404("No data set citation configured.")
        return self.citation(self.request)
