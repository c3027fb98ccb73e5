"""How long a new process takes to build the CoCreate app, with Bokeh imported lazily and as it was before.

Each measurement is a fresh Python process that imports `cocreate` and calls `create_app()` (what every
gunicorn worker without --preload, every `flask` command and every test run pays once). "Bokeh at start"
imports bokeh.plotting, bokeh.models and bokeh.embed first, as the app's modules did before they imported
Bokeh only when a chart is drawn.

    .venv/bin/python bench/app_startup.py [--runs 5]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile

BUILD = """
import time
started = time.perf_counter()
{before}
from cocreate import create_app
create_app()
print(time.perf_counter() - started)
"""
BOKEH_AT_START = "import bokeh.embed, bokeh.models, bokeh.plotting"


def seconds_to_build(before, env):
    result = subprocess.run([sys.executable, "-c", BUILD.format(before=before)], env=env, check=True,
                            capture_output=True, text=True)
    return float(result.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="processes per variant (the median is shown)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "SECRET_KEY": "startup-benchmark", "DATABASE_URL": f"sqlite:///{folder}/unused.db"}
        seconds_to_build("", env)  # once to warm the disk cache and compile bytecode
        lazy, eager = [], []
        for _run in range(args.runs):  # alternated, so that the machine's load falls on both alike
            lazy.append(seconds_to_build("", env))
            eager.append(seconds_to_build(BOKEH_AT_START, env))
    lazy_median, eager_median = statistics.median(lazy), statistics.median(eager)
    print(f"building the app in a new process, median of {args.runs}:")
    print(f"  Bokeh imported with the first chart   {lazy_median:6.2f} s")
    print(f"  Bokeh imported at start (before)      {eager_median:6.2f} s")
    print(f"  lazy / at start: {lazy_median / eager_median:.2f}x")


if __name__ == "__main__":
    main()
