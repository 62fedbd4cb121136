"""JSON and JSON Lines: ``Article.to_dict()`` (the documented contract), UTF-8, stable order."""

from __future__ import annotations

import json
import math
from typing import Any

from newsclean.article import Article


def _finite(value: Any) -> Any:
    """``value`` with every NaN/Infinity float written as the string "NaN", "Infinity" or
    "-Infinity": Python would write the bare words, which are not JSON (JSON.parse and
    most readers reject the whole document)."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if value != value else "Infinity" if value > 0 else "-Infinity"
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


#: ``json.dumps(data, ensure_ascii=False, allow_nan=False, ...)`` builds an encoder at every
#: call; these are the two it would build, made once (same output).
_INDENTED = json.JSONEncoder(ensure_ascii=False, allow_nan=False, indent=2)
_COMPACT = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _dumps(data: Any, encoder: json.JSONEncoder) -> str:
    try:
        return encoder.encode(data)
    except ValueError:  # a non-finite float somewhere (rare): walk the record once
        return encoder.encode(_finite(data))


def render_json(article: Article) -> str:
    """One article as an indented JSON object (ends with a newline)."""
    return _dumps(article.to_dict(), _INDENTED) + "\n"


def render_jsonl(article: Article) -> str:
    """One article as a single JSON Lines line (compact; ends with a newline)."""
    return _dumps(article.to_dict(), _COMPACT) + "\n"
