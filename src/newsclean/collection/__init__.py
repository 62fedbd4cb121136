"""Collection stages: work that needs many articles at once (duplicates across files,
learning a site's boilerplate). Import each from its own module."""

from __future__ import annotations
