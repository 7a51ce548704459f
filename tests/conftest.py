"""Tests mirror the package's layers (tests/core, tests/inputs, ..., tests/build); tests that cover
the whole project (front door, published reports, browser) stay here. This folder is on sys.path
(pytest inserts a rootdir conftest's folder), so the shared fixtures import as ``chart_fixtures``
and ``decision_fixtures`` from any sub-folder."""
