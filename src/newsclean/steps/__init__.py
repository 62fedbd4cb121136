"""Per-article steps: pure ``Article -> Article`` functions, each with a frozen options class.

``strip`` removes boilerplate, ``dedup`` repeated text inside one article, ``normalize``
punctuation, quotes and encoding damage. Import each from its own module.
"""

from __future__ import annotations
