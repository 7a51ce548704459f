"""Read and validate the inputs: the curated tables in data/, the public price catalogues and price packages, model identity, Aider leaderboards and claims files. Imports only analysis.core."""
