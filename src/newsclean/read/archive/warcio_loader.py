"""warcio's record loader, imported without paying for fsspec.

warcio imports fsspec (and with it asyncio) when it is imported, for its own file-opening
helper, which newsclean never calls: that was 187 M instructions of every run that reads
an archive (4% of ``clean`` on a 40-page WARC). The loader is imported with fsspec held
back, then warcio's helper gets fsspec again, imported on its first use, so warcio behaves
as installed. When warcio or fsspec is already loaded (a Dask run, a library user's own
code) nothing is held back.
"""

from __future__ import annotations

import importlib.util
import sys
from typing import Any


def _import_warcio() -> None:
    if "warcio.utils" in sys.modules or "fsspec" in sys.modules:
        return  # already paid for, or in use: import as usual
    has_fsspec = importlib.util.find_spec("fsspec") is not None
    sys.modules["fsspec"] = None  # type: ignore[assignment]  # `import fsspec` fails
    try:
        import warcio.utils
    finally:
        del sys.modules["fsspec"]
    if has_fsspec:

        def fsspec_open(*args: Any, **kwargs: Any) -> Any:
            from fsspec import open as real_open

            return real_open(*args, **kwargs)

        warcio.utils._fsspec_open = fsspec_open
        warcio.utils.HAS_FSSPEC = True


_import_warcio()

from warcio.recordloader import ArcWarcRecord, ArcWarcRecordLoader  # noqa: E402

__all__ = ["ArcWarcRecord", "ArcWarcRecordLoader"]
