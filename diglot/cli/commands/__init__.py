"""The commands, one module each (diglot/cli/__init__.py finds them)."""
