"""Words and pictures: localisation (gettext, Babel), Markdown, the narrative and the charts. Formats what compute returns; computes nothing. Imports core, inputs and compute."""
