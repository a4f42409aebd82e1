"""Safe file input and output: the one way paperhop opens a file it was named and writes one.

Reading opens regular files only (never a FIFO, which would block, or a device). Writing replaces a regular file
only (never a link, a folder, a FIFO or a device), through a temporary file beside it, made with the target's
mode, synced and renamed over it: an interrupted write leaves the old file whole, and a failed one is a
WriteError with no temporary file left behind.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from ..errors import ReadError, WriteError

__all__ = [
    "check_replaceable",
    "fsync",
    "not_regular",
    "open_regular",
    "read_text_file",
    "why_not_folder",
    "write_bytes_at",
    "write_bytes_atomic",
    "write_temp",
    "write_text_atomic",
]

KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFLNK: "a symbolic link",
}


def not_regular(info: os.stat_result) -> OSError:
    kind = KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
    return OSError(errno.EINVAL, f"{kind}, not a regular file")


def open_regular(path: str | os.PathLike[str], dir_fd: int | None = None, *, follow: bool = True) -> BinaryIO:
    """Open *path* for reading if it is a regular file; raise OSError (strerror says why) if not.

    Checked before opening, since opening a device can have effects, and on the
    descriptor after, since the name may have been swapped: a FIFO would block
    a reader forever (O_NONBLOCK makes opening one return at once).
    """
    info = os.stat(path, dir_fd=dir_fd, follow_symlinks=follow)
    if not stat.S_ISREG(info.st_mode):
        raise not_regular(info)
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC | (0 if follow else os.O_NOFOLLOW)
    fd = os.open(path, flags, dir_fd=dir_fd)
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise not_regular(info)
    return os.fdopen(fd, "rb")


def read_text_file(path: str | os.PathLike[str], *, missing_ok: bool = False) -> str:
    """The UTF-8 text of the regular file at *path* ("" if there is none and *missing_ok*).

    Raises ReadError, in one line, for a file that is missing, unreadable, not
    a regular file (a FIFO would block forever, a device never end) or not UTF-8.
    """
    try:
        with open_regular(path) as handle:
            data = handle.read()
    except FileNotFoundError as exc:
        if missing_ok:
            return ""
        raise ReadError(path, exc.strerror or "No such file or directory", exc.errno) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise ReadError(path, getattr(exc, "strerror", None) or str(exc), getattr(exc, "errno", None)) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReadError(path, f"not UTF-8 text (byte {exc.start + 1})") from None


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write *text* to *path* as UTF-8: the old file stays whole until the new one is complete."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes, *, mode: int | None = None) -> None:
    """Write *data* to *path*, making its folder if need be: the old file stays whole until the new one is complete.

    Only a regular file is ever replaced: a FIFO, a device, a folder or a
    symbolic link at *path* (even one to a regular file, whose target may be
    anywhere) is refused. Any failure is a WriteError, with no file left behind.
    """
    final = Path(path)
    if final.name in ("", ".", ".."):
        raise WriteError(final, "not a file name")
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        dfd = os.open(final.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except (OSError, ValueError) as exc:
        raise WriteError(final, why_not_folder(exc, final.parent), getattr(exc, "errno", None)) from None
    try:
        write_bytes_at(dfd, final, data, mode=mode)
    finally:
        os.close(dfd)


def write_bytes_at(dir_fd: int, path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Replace the regular file ``path.name`` in the open folder *dir_fd* with *data*, atomically.

    *path* names the file in messages. *mode* (else the old file's, else the
    umask's) is set on the new file. Raises WriteError, leaving no temporary file.
    """
    check_replaceable(dir_fd, path)
    temp = write_temp(dir_fd, path, data, mode)
    with _removed_on_failure(dir_fd, temp, path):
        os.replace(temp, path.name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)


def check_replaceable(dfd: int, path: Path) -> None:
    try:
        info = os.stat(path.name, dir_fd=dfd, follow_symlinks=False)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise WriteError(path, exc.strerror or str(exc), exc.errno) from None
    if not stat.S_ISREG(info.st_mode):
        kind = KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
        raise WriteError(path, f"it is {kind}; paperhop only replaces regular files")


def write_temp(dfd: int, path: Path, data: bytes, mode: int | None = None) -> str:
    """Write *data* to a new temporary file beside ``path.name`` (synced to disk); return its name."""
    name = path.name
    try:
        old = os.stat(name, dir_fd=dfd, follow_symlinks=False)
        keep = old.st_mode & 0o777 if stat.S_ISREG(old.st_mode) else None
    except OSError:
        keep = None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    while True:
        temp = f".{name}.{secrets.token_hex(4)}"
        try:
            fd = os.open(temp, flags, 0o666 if mode is None else mode, dir_fd=dfd)  # the umask applies
            break
        except FileExistsError:
            continue
        except OSError as exc:
            raise WriteError(path, exc.strerror or str(exc), exc.errno) from None
    with _removed_on_failure(dfd, temp, path):
        if mode is not None or keep is not None:
            os.fchmod(fd, mode if mode is not None else keep)  # type: ignore[arg-type]
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    return temp


@contextmanager
def _removed_on_failure(dfd: int, temp: str, path: Path) -> Iterator[None]:
    """Whatever stops the block (an interrupt too) removes the temporary file *temp*; an OSError becomes a
    WriteError naming *path*."""
    try:
        yield
    except BaseException as exc:
        with suppress(OSError):
            os.unlink(temp, dir_fd=dfd)
        if isinstance(exc, OSError):
            raise WriteError(path, exc.strerror or str(exc), exc.errno) from None
        raise


def fsync(dfd: int) -> None:
    """Make renames in the folder durable; a file system that cannot is no reason to fail."""
    with suppress(OSError):
        os.fsync(dfd)


def why_not_folder(exc: OSError | ValueError, folder: Path) -> str:
    """Why the folder *folder* could not be made or opened, in words."""
    if isinstance(exc, FileExistsError | NotADirectoryError):
        blocking = next((p for p in (folder, *folder.parents) if os.path.lexists(p) and not os.path.isdir(p)), folder)
        return f"{blocking} is not a folder"
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename and Path(exc.filename) != folder else ""
        return where + (exc.strerror or str(exc))
    return str(exc)
