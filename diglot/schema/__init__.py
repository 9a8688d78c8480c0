"""Schemas: content read against its document type (reader.py), and the descriptions of the
declaration files from which diglot checks them and publishes their JSON Schemas."""

from .reader import ID_PATTERN, SchemaReader, close_matches, where

__all__ = ["ID_PATTERN", "SchemaReader", "close_matches", "where"]
