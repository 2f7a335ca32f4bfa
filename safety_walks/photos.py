"""Moved to estates.photos (one photo path for every app); kept only until the last import moves."""

from estates.photos import PhotoField, photo_store  # noqa: F401
