"""Kept for the walk pages' imports: the rule lives in estates.pages (`public_pages`), shared by every app's lists."""

from estates.pages import public_pages

__all__ = ["public_pages"]
