"""Why a paging key of a list has nothing to do (ui/idle_keys.py): one sentence per case, used
both to keep the key out of the footer and to answer the key when it is pressed anyway."""

from __future__ import annotations

FIRST_PAGE = "Already on the first page."
LAST_PAGE = "Already on the last page."
ONE_PAGE = "There is only one page."
NOT_LOADED = "No page loaded yet: wait for it, or press {key:list.reload} to try again."


def page_key_idle(action: str, page: int, pages: int | None, not_loaded: str) -> str | None:
    """Why `action` has nothing to do on page `page` (from 0) of `pages` (None: none loaded yet;
    `not_loaded` says what to do then); None when it has something to do."""
    if action == "cycle_page_size":
        return None
    if pages is None:
        return not_loaded if action in ("last_page", "jump") else None
    if pages <= 1:
        return ONE_PAGE
    if action in ("next_page", "last_page") and page >= pages - 1:
        return LAST_PAGE
    if action in ("previous_page", "first_page") and page == 0:
        return FIRST_PAGE
    return None
