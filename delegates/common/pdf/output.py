"""Saving a ReportLab canvas straight into its file, without first building the whole PDF in memory.

ReportLab formats every object of a document into a list of byte strings, joins them and only then
writes the file: a batch of 10,000 badges with photos would hold the PDF two or three times over
in memory. ``save(canvas, stream)`` writes each object into the stream as it is formatted. It
works by giving ReportLab's output collector (``pdfdoc.PDFFile``) a subclass that writes through
when, in this thread, a stream was given; everywhere else it behaves exactly as before.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import IO

from reportlab.pdfbase import pdfdoc

_target = threading.local()


class _WritingPDFFile(pdfdoc.PDFFile):
    """ReportLab's collector, writing into this thread's stream (offsets are counted as before)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stream = getattr(_target, "stream", None)
        if stream is not None:
            for chunk in self.strings:  # the header, already counted in self.offset
                stream.write(chunk)
            self.strings = []
            self.write = stream.write


if not issubclass(pdfdoc.PDFFile, _WritingPDFFile):
    _WritingPDFFile.__name__ = "PDFFile"
    pdfdoc.PDFFile = _WritingPDFFile


@contextmanager
def _writing_into(stream: IO[bytes]):
    _target.stream = stream
    try:
        yield
    finally:
        del _target.stream


def save(canvas, stream: IO[bytes]) -> None:
    """canvas.save(), written object by object into stream (the binary file the canvas was made with)."""
    with _writing_into(stream):
        canvas.save()
