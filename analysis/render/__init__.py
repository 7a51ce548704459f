"""Documents from the executed notebook: self-contained HTML, the PDF through LaTeX and the PDF's table layout. Imports core (and the layers above it only for data)."""
