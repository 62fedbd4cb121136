"""What extraction found in one page: the result ``extract_page`` returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsclean.article import Block


@dataclass
class Page:
    """What extraction found in one page."""

    title: str = ""
    subtitle: str = ""
    blocks: list[Block] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
