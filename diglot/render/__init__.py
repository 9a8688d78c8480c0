"""The edition writers: one module per output format (html, pdf, docx)."""
