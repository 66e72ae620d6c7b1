"""A file's records in chunks, prepared for the store (prepared.py), read either in this process or in a
separate reader process. On a machine with two cores or more a large file is read by a child Python
process while this one stores: parsing, validation and the per-bill preparation are CPU work that a
thread cannot overlap (the GIL), but a process can. Chunks come back over a pipe in marshal's format (the
same interpreter on both ends; plain tuples of text marshal at half the cost of pickling), each framed by
its length. The pipe holds little, so the reader is at most about one chunk ahead and memory stays flat
whatever the file's size.

Whole-file errors the reader meets midway (a bad CUSCAR interchange, text that is not UTF-8) are raised
here at the chunk where they occurred, exactly as reading in-process raises them. If this process dies,
the reader's next write fails on the closed pipe and it exits.

    python -m greenlane.manifests.reader PATH FORMAT CHUNK    (framed chunks on stdout)"""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
import traceback
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import IO, Any, TextIO

from greenlane.cargo import FormatError, ManifestFormat, Quarantine, read_manifests
from greenlane.manifests.prepared import Prepared, PreparedBill, prepare

# Below this size a child process costs more to start than it saves.
SEPARATE_READER_FROM_BYTES = 2_000_000
_CHUNK, _DONE, _FAILED = "chunk", "done", "failed"
_BILL_FIELDS = len(PreparedBill._fields)
_LENGTH = 8


def prepared_chunks(
    source: Path | TextIO, fmt: ManifestFormat, size: int, *, separate: bool | None = None
) -> Iterator[list[Prepared]]:
    """`separate`: read in a child process (True), in this one (False), or decide by file size and cores."""
    if separate is None:
        separate = _worth_a_process(source)
    if separate and isinstance(source, Path) and sys.executable:  # embedded Pythons may have none
        return _from_child(source, fmt, size)
    return _inline(source, fmt, size)


def _worth_a_process(source: Path | TextIO) -> bool:
    if not isinstance(source, Path) or _cores() < 2:
        return False
    try:
        return source.stat().st_size >= SEPARATE_READER_FROM_BYTES
    except OSError:
        return False  # the in-process reader reports the missing file as it always has


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _inline(source: Path | TextIO, fmt: ManifestFormat, size: int) -> Iterator[list[Prepared]]:
    outcomes = map(prepare, read_manifests(source, fmt))
    while block := list(islice(outcomes, size)):
        yield block


def _from_child(path: Path, fmt: ManifestFormat, size: int) -> Iterator[list[Prepared]]:
    package_root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    child = subprocess.Popen(
        [sys.executable, "-m", "greenlane.manifests.reader", str(path), fmt.value, str(size)],
        stdout=subprocess.PIPE,
        env=env,
    )
    assert child.stdout is not None
    try:
        yield from _receive(child.stdout)
    finally:
        # Stopped early (an error while storing) or finished: the child is ours to end either way.
        child.stdout.close()
        if child.poll() is None:
            child.kill()
        child.wait()


def _receive(stream: IO[bytes]) -> Iterator[list[Prepared]]:
    while True:
        head = stream.read(_LENGTH)
        body = stream.read(int.from_bytes(head, "little")) if len(head) == _LENGTH else b""
        if not body:
            raise RuntimeError("the manifest reader process ended without finishing the file")
        kind, payload = marshal.loads(body)
        if kind == _CHUNK:
            yield [PreparedBill._make(t) if len(t) == _BILL_FIELDS else Quarantine(*t) for t in payload]
        elif kind == _DONE:
            return
        else:
            raise _rebuilt(payload)


def _send(out: IO[bytes], message: tuple[str, Any]) -> None:
    body = marshal.dumps(message)
    out.write(len(body).to_bytes(_LENGTH, "little"))
    out.write(body)
    out.flush()  # a chunk left in the buffer would wait for the next one


def _plain(item: Prepared) -> tuple[object, ...]:
    if isinstance(item, PreparedBill):
        return tuple(item)
    return (item.reason, item.locator, item.field, item.raw)


def _rebuilt(failure: tuple[str, object]) -> Exception:
    kind, detail = failure
    if kind == "format":
        return FormatError(str(detail))
    if kind == "unicode" and isinstance(detail, tuple):
        return UnicodeDecodeError(*detail)
    if kind == "os" and isinstance(detail, tuple):
        return OSError(*detail)  # errno picks the subclass: a missing file is FileNotFoundError again
    return RuntimeError(f"the manifest reader process failed:\n{detail}")


def _serve(path: Path, fmt: ManifestFormat, size: int, out: IO[bytes]) -> None:
    """The child's side: every chunk, then done, or the error that stopped reading."""
    try:
        for block in _inline(path, fmt, size):
            _send(out, (_CHUNK, [_plain(item) for item in block]))
        message: tuple[str, Any] = (_DONE, None)
    except FormatError as exc:
        message = (_FAILED, ("format", str(exc)))
    except UnicodeDecodeError as exc:
        message = (_FAILED, ("unicode", (exc.encoding, exc.object, exc.start, exc.end, exc.reason)))
    except OSError as exc:
        message = (_FAILED, ("os", (exc.errno, exc.strerror, str(exc.filename))))
    except Exception:  # anything else is a bug; the parent shows its traceback
        message = (_FAILED, ("error", traceback.format_exc()))
    _send(out, message)


def main(argv: list[str]) -> int:
    path, fmt, size = Path(argv[0]), ManifestFormat(argv[1]), int(argv[2])
    try:
        _serve(path, fmt, size, sys.stdout.buffer)
    except BrokenPipeError:
        # The storing process is gone (killed, or it stopped reading): nothing left to do.
        os._exit(1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
