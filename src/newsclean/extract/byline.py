"""The article's author when the page's metadata names nobody: a byline near the body."""

from __future__ import annotations

from newsclean.extract.blocks import Frame
from newsclean.extract.meta import page_author

#: Levels above the main container searched for a byline when the metadata names nobody.
AUTHOR_LEVELS = 5


def author_near(frames: list[Frame], main: int) -> str:
    """The byline sits by the headline, around the body: searched near the chosen container
    first (no author card from a sidebar), then in the whole page."""
    near = main
    for _ in range(AUTHOR_LEVELS):
        if frames[near].parent > 0:
            near = frames[near].parent
    return page_author(frames[0].el, frames[near].el)
