"""Where manifest text comes from and goes to. Readers and writers take either a path or an open text
stream, so the command line can hand over files and the web edge can hand over uploads without copying
them to disk first."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

__all__ = ["Source", "Target", "TextSink", "numbered_rows", "open_source", "open_target"]

Source = Path | str | TextIO
Target = Path | str | TextIO


@contextmanager
def open_source(
    source: Source, *, encoding: str = "utf-8-sig", newline: str | None = None
) -> Iterator[TextIO]:
    """Opens a path (closing it afterwards) or passes an already open stream through untouched. UTF-8
    by default, skipping the byte-order mark spreadsheet programs put in front of exported CSV."""
    if isinstance(source, str | Path):
        with open(source, encoding=encoding, newline=newline) as stream:
            yield stream
    else:
        yield source


@contextmanager
def open_target(target: Target, *, encoding: str = "utf-8", newline: str | None = None) -> Iterator[TextIO]:
    """Creates a path for writing (closing it afterwards) or writes into an open stream left open."""
    if isinstance(target, str | Path):
        with open(target, "w", encoding=encoding, newline=newline) as stream:
            yield stream
    else:
        yield target


class TextSink:
    """An output that stays open across many writes (writers stream records one by one); it closes only a
    file it opened itself."""

    def __init__(self, target: Target, *, encoding: str = "utf-8", newline: str | None = None) -> None:
        if isinstance(target, str | Path):
            self.stream: TextIO = open(target, "w", encoding=encoding, newline=newline)  # noqa: SIM115
            self._owned = True
        else:
            self.stream = target
            self._owned = False

    def close(self) -> None:
        """Closes the file if this sink opened it, otherwise only flushes the caller's stream."""
        if self._owned:
            self.stream.close()
        else:
            self.stream.flush()


def numbered_rows(stream: TextIO) -> Iterator[tuple[int, list[str] | None, str]]:
    """CSV rows with the line each starts on; a row the csv module cannot read comes as (line, None,
    error) and reading goes on, so one broken row never costs the rest of the file. Blank lines are
    skipped."""
    reader = csv.reader(stream)
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield line, None, str(error)
        else:
            if row:
                yield line, row, ""
        line = reader.line_num + 1
