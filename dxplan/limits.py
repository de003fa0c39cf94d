"""What dxplan refuses to read, in one place: how big a file and how deep a nesting may be.

Each limit is far beyond any real plan and keeps the work bounded: a spec at the size
limit parses in seconds, and a formula or block at the depth limit stays well inside
Python's recursion limit in every later stage (lowering, comparing trees, the parse
cache's pickle, fmt, diff, explain, the views). docs/errors.md (`too-large`, `too-deep`)
gives the figures and what a file at each limit costs.
"""

from __future__ import annotations

import os
import stat

MIB = 1024 * 1024
# Measured on 2 cores, Python 3.11 (docs/errors.md): a spec at the limit parses in 3.5 s
# (7 s on a busy machine) and 170 MB. The shipped specs are 10 KB; the 5,000-indicator
# benchmark plan is 1 MB.
MAX_SPEC_BYTES = 2 * MIB
# A whole-area long table at the limit (500,000 plain `series,year,value` rows, read in
# bulk) is read in 0.4 s and 130 MB; 100,000 observations take 1.6 MB. The limit holds
# for an .xlsx file's bytes too.
MAX_DATA_BYTES = 8 * MIB
# A per-municipality long table (`series,municipality,year,value`) is read in bulk, no
# record per row (data/bulk.py): a national one of 1,741 municipalities x 100 indicators x
# 10 years is 38 MB and 1.7 million rows, and loads in about 3 s and 0.5 GB. Such a table
# may be this large; any other CSV or TSV has the limit above.
MAX_BULK_DATA_BYTES = 64 * MIB
# An .xlsx is compressed about tenfold: what its parts unpack to is limited as well. At the
# limit (180,000 rows) openpyxl reads it in 8.5 s and 280 MB, twice the time when
# formulas without saved results must be looked for.
MAX_XLSX_UNPACKED = 32 * MIB

# The cache folder (cache.py) is kept under this: a checked 5,000-indicator plan is 2 MB,
# its data 4 MB, and the national data set 77 MB.
MAX_CACHE_BYTES = 1024 * MIB

# Levels of brackets, operators, signs and calls inside one another in one formula: a
# sum of 101 terms written with `+` is 100 levels (`sum(a, b, ...)` is one).
MAX_FORMULA_DEPTH = 100
# Blocks inside blocks; a plan needs five (field, kpi, indicator, target, its notes).
MAX_BLOCK_DEPTH = 20

# Opening a FIFO for reading waits for a writer; non-blocking, it returns at once and the
# file's type is known before anything is read (where the flags exist: not on Windows).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def size_text(size: int) -> str:
    return f"{size / MIB:g} MB" if size >= MIB else f"{size:,} bytes"


def read_regular(path: str, limit: int) -> bytes | str:
    """A regular file's bytes, at most `limit` + 1 of them (more than `limit` means the file
    is over it), or why it cannot be read. A folder, a FIFO or a device is never opened for
    reading, so nothing blocks."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        return exc.strerror or str(exc)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            return "it is a folder"
        if not stat.S_ISREG(mode):
            return "it is not a regular file (a FIFO, a device or a socket)"
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        return exc.strerror or str(exc)
    finally:
        os.close(fd)
