"""Helpers of the strip step: rule files (``rules``), sentence splitting (``sentences``) and
structural detectors (``structure``). The step itself is ``newsclean.steps.strip``."""

from __future__ import annotations
