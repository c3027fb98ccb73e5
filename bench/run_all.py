"""Run every benchmark in this folder and write what each printed into bench/README.md.

A benchmark is any `bench/*.py` that defines a top-level `main()` (found by reading the file, not importing
it), so one added to the folder joins without a change here.  Each runs in a process of its own with its
default options; its output goes into README.md between the markers below, under the date and the machine
(CPU model, cores, Python version), replacing the previous run's.

    .venv/bin/python bench/run_all.py [--no-write]
    .venv/bin/python bench/run_all.py --only scale_pages --only handbook   # printed only
"""
import argparse
import ast
import os
import platform
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
README = HERE / "README.md"
START, END = "<!-- make bench: start -->", "<!-- make bench: end -->"


def benchmarks():
    """The benchmark files of this folder, by name: those that define `main()` at top level."""
    found = []
    for path in sorted(HERE.glob("*.py")):
        if path.name == Path(__file__).name or path.name.startswith("_"):
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        if any(isinstance(node, ast.FunctionDef) and node.name == "main" for node in tree.body):
            found.append(path)
    return found


def machine():
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def run(path):
    """(seconds, exit status, what it printed)."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, str(path)], cwd=HERE.parent, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(HERE.parent)})
    output = result.stdout.strip()
    if result.returncode:
        output += "\n" + "\n".join(result.stderr.strip().splitlines()[-15:])
    return time.perf_counter() - started, result.returncode, output


def section(results, load_before):
    lines = [START, "", "## Last `make bench`", "",
             f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, on {machine()}; load average before the run "
             f"{load_before:.1f}; {len(results)} benchmarks in {sum(r[0] for r in results.values()):.0f} s.", ""]
    for path, (seconds, status, output) in results.items():
        state = "" if status == 0 else f", exit status {status}"
        lines += [f"### `bench/{path.name}` ({seconds:.0f} s{state})", "", "```", output or "(nothing printed)",
                  "```", ""]
    lines.append(END)
    return "\n".join(lines)


def write(text):
    readme = README.read_text()
    if START in readme and END in readme:
        before, rest = readme.split(START, 1)
        readme = before + text + rest.split(END, 1)[1]
    else:
        readme = readme.rstrip("\n") + "\n\n" + text + "\n"
    README.write_text(readme)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[], help="run only this benchmark (its file's stem)")
    parser.add_argument("--no-write", action="store_true", help="print, but leave README.md as it is")
    args = parser.parse_args(argv)
    if args.only:
        args.no_write = True  # README.md keeps the figures of a whole run, taken together
    chosen = [path for path in benchmarks() if not args.only or path.stem in args.only]
    results, load_before = {}, os.getloadavg()[0]
    for path in chosen:
        print(f"== bench/{path.name}", flush=True)
        results[path] = run(path)
        seconds, status, output = results[path]
        print(output, f"\n({seconds:.0f} s, exit status {status})", flush=True)
    if not args.no_write:
        write(section(results, load_before))
        print(f"written to {README.relative_to(HERE.parent)}")
    return 1 if any(status for _seconds, status, _output in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
