"""Start-up benchmark: how long a new user waits, whole processes, as `make start` runs them.

    .venv/bin/python -m evals.start.bench [--runs 7] [--skip-fresh] [--workdir DIR]

Prints, in seconds:
- `first answer`: in a fresh folder (no store, no `.gemba/`), `gemba demo-data --if-missing`,
  `gemba knowledge index` and `gemba chat` until the answer to "how many andon calls last week"
  is printed — what `make start` does once `make setup` has installed Gemba;
- `gemba --help`, `gemba ask "<data question>"` (in English and in Chinese) and
  `gemba knowledge index` (up to date):
  median (and min/max) of `--runs` whole-process runs in that folder.

Every figure is a wall time on this machine as it is: when other work shares its cores the
figures grow, so the median of several runs is printed, never one run, with the CPU time
(user + system) the processes used, which depends less on what else runs. Python caches
compiled modules as an installed Gemba does (PYTHONDONTWRITEBYTECODE is dropped).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GEMBA = [str(Path(sys.executable).parent / "gemba")]  # the console script `make setup` installs
QUESTION = "how many andon calls last week"
#: The same question in Chinese: it also loads the Chinese word segmenter.
QUESTION_ZH = "上周有几次安灯呼叫"


def environment() -> dict[str, str]:
    """This checkout's code first on the path; Gemba's own settings left to their defaults."""
    skip = ("GEMBA_", "SLACK_", "DINGTALK_", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    env["PYTHONPATH"] = str(ROOT)
    return env


def cpu_of_children() -> float:
    """CPU seconds (user + system) used so far by the processes this one waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(args: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU time of one whole `gemba` process; exits if it fails."""
    cpu, started = cpu_of_children(), time.perf_counter()
    done = subprocess.run(
        GEMBA + args, cwd=cwd, env=environment(), capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"gemba {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return seconds, cpu_of_children() - cpu


def first_answer(folder: Path) -> tuple[float, list[tuple[str, float]]]:
    """Seconds from the first command of `make start` to the chat's first answer, and each step's."""
    steps = []
    started = time.perf_counter()
    for args in (["demo-data", "--if-missing"], ["knowledge", "index"]):
        wall, cpu = run(args, folder)
        steps.append((f"{' '.join(args)} (CPU {cpu:.2f} s)", wall))
    chat_started = time.perf_counter()
    chat = subprocess.Popen(
        [*GEMBA, "chat"],
        cwd=folder,
        env=environment(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert chat.stdin is not None and chat.stdout is not None
    chat.stdin.write(QUESTION + "\n")
    chat.stdin.flush()
    for line in chat.stdout:
        if "gemba> " in line:
            break
    else:
        sys.exit("gemba chat ended without an answer")
    answered = time.perf_counter()
    chat.stdin.write("quit\n")
    chat.stdin.close()
    chat.wait(timeout=60)
    steps.append(("chat (to the answer)", answered - chat_started))
    return answered - started, steps


def summary(name: str, runs: list[tuple[float, float]]) -> str:
    """One line: median, min and max wall time of `runs`, and their median CPU time."""
    wall = [w for w, _ in runs]
    cpu = statistics.median(c for _, c in runs)
    return (
        f"{name:42} median {statistics.median(wall):5.2f} s  (min {min(wall):.2f}, max {max(wall):.2f}, "
        f"n={len(wall)})  CPU {cpu:.2f} s"
    )


def main() -> None:
    """Run the measurements and print them."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per repeated command")
    parser.add_argument("--skip-fresh", action="store_true", help="reuse --workdir as it is")
    parser.add_argument("--workdir", type=Path, help="folder to run in (default: a new temporary one)")
    options = parser.parse_args()
    folder = options.workdir or Path(tempfile.mkdtemp(prefix="gemba-start-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"folder {folder}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    # Compiled modules cached once, as `pip install` does.
    packages = [str(ROOT / p) for p in ("adapters", "bot", "knowledge", "nl2sql")]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *packages], env=environment(), check=True)
    if not options.skip_fresh:
        total, steps = first_answer(folder)
        for step, seconds in steps:
            print(f"  {step:40} {seconds:6.2f} s")
        print(f"{'first answer (make start, after setup)':42} {total:6.2f} s")
    for name, args in (
        ("gemba --help", ["--help"]),
        (f'gemba ask "{QUESTION}"', ["ask", QUESTION]),
        (f'gemba ask "{QUESTION_ZH}"', ["ask", QUESTION_ZH]),
        ("gemba knowledge index (up to date)", ["knowledge", "index"]),
    ):
        print(summary(name, [run(args, folder) for _ in range(options.runs)]))
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
