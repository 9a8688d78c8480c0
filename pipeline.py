"""diglot's entry point: python pipeline.py check | review (see README)."""

from diglot.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
