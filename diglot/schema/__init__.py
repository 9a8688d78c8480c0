"""The schemas: content read against its type, the declaration files' descriptions, JSON Schemas.

reader.py reads content against its document type; the declaration files are described once
each (profile.py, settings.py, typefile.py, in spec.py's vocabulary), from which diglot checks
them (tomlcheck.py, yamlcheck.py) and publishes their JSON Schemas, with one for each document
type's content (content.py, publish.py).
"""

from .reader import ID_PATTERN, SchemaReader, where

__all__ = ["ID_PATTERN", "SchemaReader", "where"]
