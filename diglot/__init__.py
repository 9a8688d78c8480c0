"""diglot: aligned English and Chinese editions from one bilingual content model."""

__version__ = "0.1.0"
