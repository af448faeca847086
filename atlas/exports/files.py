"""Writing files safely: atomic replace, clear errors for missing or unwritable folders."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import numpy as np


class ExportError(OSError):
    """An output file could not be written; nothing partial was left behind."""


def check_writable(path: Path | str) -> Path:
    """Fail early, before slow work, when ``path`` cannot be written."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"cannot write {path}: the folder {folder} does not exist")
    _refuse_special(path)
    if not os.access(folder, os.W_OK):
        raise ExportError(f"cannot write {path}: no permission to write in {folder}")
    return path


def _refuse_special(path: Path) -> None:
    """Refuse an existing target that is not a regular file (folder, FIFO, device, socket).

    ``os.replace`` would silently turn such a target into a regular file."""
    try:
        mode = os.stat(path).st_mode  # follows symlinks: a link to /dev/null is refused too
    except FileNotFoundError:
        return
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise ExportError(f"cannot write {path}: it is a folder")
    if not stat.S_ISREG(mode):
        raise ExportError(f"cannot write {path}: it exists and is not a regular file "
                          "(a device, pipe or socket); nothing was changed")


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some file systems cannot sync a folder
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path | str, data: bytes) -> Path:
    """Write bytes to ``path`` via a temporary file in the same folder, then rename.

    The temporary name is short (``.tpa-XXXXXXXX.part``) so any legal file name works, and the
    data is flushed to disk before the rename."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"cannot write {path}: the folder {folder} does not exist")
    _refuse_special(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".tpa-", suffix=".part", dir=folder)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
        _fsync_folder(folder)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:  # Ctrl+C, or SIGTERM turned into SystemExit by the CLI
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def png_bytes(image: np.ndarray) -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(np.asarray(image, dtype=np.uint8)).save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def write_png(path: Path | str, image: np.ndarray) -> Path:
    return write_atomic(path, png_bytes(image))
