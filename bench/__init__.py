"""Benchmarks of libcommunity (not part of the test suite).

Each benchmark is a module ``bench/bench_<name>.py`` with a ``main(argv=None) -> int``
function; run one with ``python -m bench <name> [options]`` (``python -m bench``
lists them). Measured figures are recorded in ``docs/performance.md``.
"""
