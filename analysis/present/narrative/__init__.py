"""The report's sections as Markdown in the reader's language, one module per part of the report."""
