"""The build: preflight, papermill on a warm kernel, export, atomic publish; one language, several languages side by side, and batches of variants."""
