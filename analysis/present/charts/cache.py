"""Rendered charts in the content-hashed cache: a rebuild with the same inputs draws nothing.

A chart function (decorated with :func:`analysis.present.charts.figures.styled`) is pure: the same arguments,
code, translations and plotting libraries give the same PNG bytes. When the environment variable
:data:`CHART_CACHE_ENV` is "1" (the build sets it for the report's kernel), the rendered
:class:`~analysis.present.charts.figures.Chart` is stored under a key over all of these, in
``build/.cache/charts/`` (see :mod:`analysis.core.cache`), and loaded on the next build. Elsewhere
(JupyterLab, tests) every chart is drawn afresh.

The key hashes the pickled arguments; a :class:`~analysis.present.i18n.Localizer` counts as its
language, strictness and the bytes of its catalogues. Arguments that cannot be pickled make the
chart uncacheable: it is drawn, as without the cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any, Callable, TypeVar

from analysis.core import cache
from analysis.core.envvars import CHART_CACHE_ENV  # noqa: E402  (re-exported)
from analysis.present.i18n import Localizer

NAMESPACE = "charts"
#: libraries whose version can change a drawn chart's bytes
PLOT_LIBRARIES = ("matplotlib", "numpy", "pandas", "babel", "pillow", "fonttools", "kiwisolver")

T = TypeVar("T")


def enabled() -> bool:
    """Whether charts go through the cache (``$LLM_COST_CHART_CACHE`` is "1" and the cache is on)."""
    return os.environ.get(CHART_CACHE_ENV, "") == "1" and cache.cache_dir() is not None


def _stand_in(value: Any) -> Any:
    if isinstance(value, Localizer):
        folder = Path(value.locales_dir)
        return ("Localizer", value.lang, value.is_strict, cache.digest_files([folder / value.lang], folder))
    return value


def chart_key(function: Callable, args: tuple, kwargs: dict) -> str | None:
    """The cache key of ``function(*args, **kwargs)``, or None if an argument cannot be pickled."""
    try:
        payload = pickle.dumps(([_stand_in(a) for a in args], {k: _stand_in(v) for k, v in sorted(kwargs.items())}),
                               protocol=5)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return cache.key_of(NAMESPACE, function.__module__, function.__qualname__, hashlib.sha256(payload).hexdigest(),
                        cache.code_version(), cache.library_versions(PLOT_LIBRARIES))


def cached_chart(function: Callable[..., T], args: tuple, kwargs: dict, draw: Callable[[], T]) -> T:
    """``draw()`` (which calls ``function(*args, **kwargs)``), through the cache when :func:`enabled`."""
    key = chart_key(function, args, kwargs) if enabled() else None
    return draw() if key is None else cache.cached(NAMESPACE, key, draw)
