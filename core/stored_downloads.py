"""
Whole-dataset downloads kept as files, one per content generation.

The unfiltered export of every published initiative (front/exports.py) and the data
package's files (datasets/views.py) are the same for every visitor until something
changes, yet making them reads every initiative and its facts (seconds at scale). So
the first download in a content generation (core/caching.py: every save, delete and
many-to-many change starts a new one) is streamed as it is made and written to a file
on the way; later downloads in the same generation are that file, sent without touching
the database.

- A file is named only once it is complete (written under a temporary name, then
  renamed), so a stream that failed or was abandoned leaves nothing to serve, and a
  download never gets half a file.
- A file's name carries the generation, the language (unless the file is the same in
  every language, as the data package's are) and the site's address (the export's
  links hold both), and the caller's `version` of the format (`code_version`:
  the source of the code that makes it), so a change of content, language, host or
  columns never serves an old file.
- Storing a file removes the files of earlier generations; each app server keeps its
  own directory (settings.DOWNLOAD_STORE_DIR), as only the generation must be shared.
- Nothing is stored while a read replica may lag behind the change that started the
  generation (core/db_routing.py), as for the aggregate cache; nor when the directory
  cannot be written, in which case the download is simply streamed, as before.
- Each app lists its kept downloads' URL names in `kept_downloads` on its AppConfig;
  `manage.py make_downloads` (run by a timer) makes them after a change, before a visitor
  asks, so nobody need wait while one is made.
"""

import hashlib
import logging
import os
import re
import tempfile
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import get_language

from .caching import current_generation, read_generation
from .db_routing import replica_may_be_behind

logger = logging.getLogger(__name__)

PARTIAL_PREFIX = ".partial-"
# A stored file's name: the generation, then a digest (stored_path).
STORED_NAME = re.compile(r"(\d+)-[0-9a-f]{32}\Z")
# A partial file this old was left by a process that died mid-stream.
PARTIAL_MAX_AGE_SECONDS = 60 * 60


def kept_downloads():
    """The URL names of every kept download, as the apps list them (`kept_downloads` on
    an AppConfig)."""
    return [
        name for config in apps.get_app_configs() for name in getattr(config, "kept_downloads", ())
    ]


def code_version(*paths):
    """A stored file's format version: the source of the modules that make it, so a
    deploy that changes how a file is made never serves one the old code made."""
    return hashlib.sha256(b"".join(Path(path).read_bytes() for path in paths)).hexdigest()


def stored_download(
    request, name, make_pieces, *, version, content_type, filename, per_language=True
):
    """The response for the download `name`: its stored file for the current content
    generation if there is one, else `make_pieces()` (an iterator of str, the whole
    file) streamed and stored for the next request. `per_language=False`: a file that is
    the same in every language, kept once."""
    generation = current_generation()
    language = get_language() if per_language else ""
    path = stored_path(request, name, version, generation, language)
    try:
        stored = path.open("rb")
    except OSError:
        pass  # not made yet in this generation (or the directory cannot be read)
    else:
        return FileResponse(
            stored, content_type=content_type, as_attachment=True, filename=filename
        )
    pieces = make_pieces()
    if not replica_may_be_behind(generation):
        pieces = stored_while_streamed(pieces, path, generation)
    return streamed_download(pieces, content_type=content_type, filename=filename)


def streamed_download(pieces, *, content_type, filename):
    """An attachment streamed as `pieces` are made (a download that is not stored)."""
    response = StreamingHttpResponse(pieces, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def stored_path(request, name, version, generation, language):
    site = request.build_absolute_uri("/")
    digest = hashlib.sha256(f"{name}\n{version}\n{language}\n{site}".encode()).hexdigest()
    return Path(settings.DOWNLOAD_STORE_DIR) / f"{generation}-{digest[:32]}"


def stored_while_streamed(pieces, path, generation):
    """`pieces`, written to `path` as they pass; the file is kept only if all of them did."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed below, kept on success)
            dir=path.parent, prefix=PARTIAL_PREFIX, delete=False
        )
    except OSError as error:
        logger.warning("Downloads are not stored: %s", error)
        yield from pieces
        return
    complete = False
    try:
        for piece in pieces:
            partial.write(piece.encode() if isinstance(piece, str) else piece)
            yield piece
        complete = True
    finally:
        # Also when the client went away (GeneratorExit) or the stream failed.
        partial.close()
        # Asked afresh: another process may have changed the content meanwhile.
        if complete and read_generation() == generation:
            os.replace(partial.name, path)
            remove_older(path.parent, generation)
        else:
            # Incomplete, or the content changed meanwhile: nobody would ask for it.
            Path(partial.name).unlink(missing_ok=True)


def remove_older(directory, generation):
    """Remove the files of earlier generations, and partial files left by a dead process;
    nothing else, should the directory be shared by mistake."""
    for entry in directory.iterdir():
        try:
            if entry.name.startswith(PARTIAL_PREFIX):
                if time.time() - entry.stat().st_mtime > PARTIAL_MAX_AGE_SECONDS:
                    entry.unlink()
            elif (stored := STORED_NAME.match(entry.name)) and int(stored[1]) < generation:
                # A download still reading it keeps its open file.
                entry.unlink()
        except FileNotFoundError:
            pass  # removed by another process first
