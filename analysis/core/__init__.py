"""What every layer uses and that imports no other layer: errors, paths, environment variables, reading files, the content-hashed cache and progress lines."""
