#!/usr/bin/env python3
"""Speed and memory of `bounce-analyzer analyze`, measured as a user runs it (issue 7).

Every figure is a whole process, start-up included, run several times; the table shows medians.

- corpus, one process: `analyze --jobs 1 --format csv -o /dev/null` over the labelled corpus;
- corpus, N workers: the same with `--jobs N` (default: the number of CPUs);
- corpus x5: the corpus named five times in one run, so start-up weighs less (1 and N workers);
- start-up: `analyze ONE.eml` (one sample message);
- big mbox: an mbox of --big-size bytes built in /tmp by repeating samples/, read with --jobs 1
  and --jobs N: messages/s, time to the first row on stdout, peak resident memory (the largest
  process, and all processes of the run together), deleted afterwards.

- with --peer: the leading analyzer, Sisimai (Perl), on the same mbox in the same run (below).
- with --dask (needs the dask extra): only rows per second on a Dask cluster of 1 and 2 workers
  (`measure_dask`), the README's "Beyond one machine".

    python benchmarks/bench.py [--repeat 5] [--big-size 1G] [--big-repeat 1] [--jobs N]
                               [--corpus PATH] [--skip-big] [--markdown]
                               [--peer] [--peer-only] [--peer-size 20M] [--peer-repeat 5]
                               [--sisimai5 DIR] [--no-sisimai4]

Peak memory is sampled from /proc every 20 ms for the process and its workers; the main
process's own peak is also read exactly from wait4()'s rusage. The package is byte-compiled
first, as an installed package is.

The peer (--peer): one core, steady state. An mbox of --peer-size bytes is built in /tmp from
the corpus (`labelled/`, `unlabelled/` and `not/` beside --corpus, repeated; mboxrd-quoted;
deleted afterwards), and a second one a quarter of that size. Each program reads both, in turn
with the others (ours, Sisimai 5, Sisimai 4, small then large, --peer-repeat rounds). The
steady-state rate is the difference of messages over the difference of time between the two
sizes, so start-up (the interpreter, imports, the rule load) cancels out; the same method for
every program. Time is CPU time (user + system, from wait4(), one process on one core) and
wall time; on a quiet machine they agree, on a busy one CPU time moves less. Ours runs as above
(`analyze --jobs 1 --format csv -o /dev/null`, rows written); Sisimai only decodes: `rise()`
(v5) or `make()` (v4) parses the mbox into its result objects, with no JSON dump.

Installing the peer (Debian 12):
- Sisimai 4: `apt-get install libsisimai-perl` (4.25.x; runs as `perl -MSisimai`).
- Sisimai 5: not packaged; run from its source, with its two dependencies from Debian:
  `apt-get install libclass-accessor-lite-perl libjson-perl`, then
  `git clone https://github.com/sisimai/p5-sisimai /tmp/p5-sisimai` (check out the tag, e.g.
  `git -C /tmp/p5-sisimai checkout v5.1.0`) and pass `--sisimai5 /tmp/p5-sisimai/lib` (or set
  SISIMAI5_LIB). Nothing of Sisimai is kept in this repository.
A peer that is not installed is skipped with a note.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "labelled"
ONE_MESSAGE = SAMPLES / "rfc3464-single-userunknown.eml"
READ_LINE = re.compile(r"(\d+) messages read")
ENVELOPE = b"From MAILER-DAEMON Mon Jan  1 00:00:00 2024\n"


def command() -> list[str]:
    exe = Path(sys.executable).parent / "bounce-analyzer"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "bounce_analyzer"]


@dataclass
class Run:
    wall: float
    messages: int
    first_row: float | None
    peak_main_kb: int  # the main process, exact (rusage)
    peak_one_kb: int  # the largest process seen (sampled)
    peak_all_kb: int  # all processes of the run together (sampled)


@dataclass
class Sampler:
    """Samples the resident memory of a process and its descendants from /proc."""

    root: int
    peak_one: int = 0
    peak_all: int = 0
    stop: threading.Event = field(default_factory=threading.Event)

    def tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    stat = handle.read()
            except OSError:
                continue
            ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
            children.setdefault(ppid, []).append(int(entry))
        found, todo = [], [self.root]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, []))
        return found

    @staticmethod
    def rss_kb(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/status", "rb") as handle:
                for line in handle:
                    if line.startswith(b"VmRSS:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    def run(self) -> None:
        while not self.stop.is_set():
            sizes = [self.rss_kb(pid) for pid in self.tree()]
            if sizes:
                self.peak_one = max(self.peak_one, max(sizes))
                self.peak_all = max(self.peak_all, sum(sizes))
            self.stop.wait(0.02)


def run_once(args: list[str], *, first_row: bool = False) -> Run:
    """Run `bounce-analyzer analyze ARGS` with stdout read here; time it and its memory."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [*command(), "analyze", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    sampler = Sampler(process.pid)
    thread = threading.Thread(target=sampler.run, daemon=True)
    thread.start()
    assert process.stdout is not None and process.stderr is not None
    errors: list[bytes] = []
    reader = threading.Thread(target=lambda: errors.append(process.stderr.read()), daemon=True)
    reader.start()
    seen_first: float | None = None
    if first_row:
        process.stdout.readline()  # the CSV header, written before any message is read
        if process.stdout.readline():
            seen_first = time.perf_counter() - started
    while process.stdout.read(1 << 16):
        pass
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    sampler.stop.set()
    thread.join()
    reader.join()
    stderr = b"".join(errors).decode("utf-8", "replace")
    if process.returncode not in (0, 1):
        raise SystemExit(f"bounce-analyzer failed ({process.returncode}): {stderr[-2000:]}")
    found = READ_LINE.search(stderr)
    return Run(
        wall=wall,
        messages=int(found.group(1)) if found else 0,
        first_row=seen_first,
        peak_main_kb=usage.ru_maxrss,
        peak_one_kb=max(sampler.peak_one, usage.ru_maxrss),
        peak_all_kb=max(sampler.peak_all, usage.ru_maxrss),
    )


@dataclass
class Row:
    name: str
    runs: list[Run]

    def median(self, attribute: str) -> float:
        values = [getattr(run, attribute) for run in self.runs]
        values = [value for value in values if value is not None]
        return statistics.median(values) if values else float("nan")

    @property
    def rate(self) -> float:
        return statistics.median(run.messages / run.wall for run in self.runs)


def measure(name: str, args: list[str], repeat: int, *, first_row: bool = False) -> Row:
    runs = [run_once(args, first_row=first_row) for _ in range(repeat)]
    row = Row(name, runs)
    print(f"  {name}: {row.median('wall'):.3f} s, {row.rate:,.0f} messages/s", file=sys.stderr)
    return row


def build_mbox(path: Path, size: int) -> int:
    """An mbox of about `size` bytes: the sample messages over and over (mboxrd-quoted)."""
    messages: list[bytes] = []
    for sample in sorted(SAMPLES.iterdir()):
        if sample.suffix == ".eml":
            body = sample.read_bytes().replace(b"\r\n", b"\n")
            body = re.sub(rb"(?m)^(>*From )", rb">\1", body)
            messages.append(ENVELOPE + body.rstrip(b"\n") + b"\n\n")
        elif sample.suffix == ".mbox":
            messages.append(sample.read_bytes().replace(b"\r\n", b"\n").rstrip(b"\n") + b"\n\n")
    block = b"".join(messages)
    written = 0
    with path.open("wb") as handle:
        while written < size:
            handle.write(block)
            written += len(block)
    return written


PEER_FOLDERS = ("labelled", "unlabelled", "not")  # beside --corpus
# Each prints how many results it decoded, so a run that read nothing is seen.
SISIMAI5_SCRIPT = 'my $v = Sisimai->rise($ARGV[0]) // []; printf "%d\\n", scalar @$v;'
SISIMAI4_SCRIPT = 'my $v = Sisimai->make($ARGV[0]) // []; printf "%d\\n", scalar @$v;'


def build_corpus_mbox(path: Path, folders: list[Path], size: int) -> None:
    """An mbox of about `size` bytes: the corpus files over and over. A file that is an mbox
    already (starts with an envelope line) is taken as it is; others get an envelope and
    mboxrd quoting, as in build_mbox."""
    messages: list[bytes] = []
    for folder in folders:
        for file in sorted(folder.iterdir()):
            if not file.is_file() or file.suffix in (".json", ".jsonl", ".md"):
                continue
            body = file.read_bytes().replace(b"\r\n", b"\n")
            if not body.startswith(b"From "):
                body = ENVELOPE + re.sub(rb"(?m)^(>*From )", rb">\1", body)
            messages.append(body.rstrip(b"\n") + b"\n\n")
    block = b"".join(messages)
    path.write_bytes(block * max(1, round(size / len(block))))


@dataclass
class Timed:
    cpu: float  # user + system seconds of the process (and any children it waited for)
    wall: float
    output: str


def run_timed(argv: list[str], env: dict[str, str] | None = None) -> Timed:
    """Run a program to its end; its CPU time is the growth of this process's children's."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
    )
    out, err = process.communicate()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{argv[0]} failed ({process.returncode}): {err[-2000:]}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return Timed(cpu, wall, out + err)


@dataclass
class Peer:
    name: str
    argv: list[str]  # the mbox path is appended
    env: dict[str, str] | None = None


def peers(args: argparse.Namespace) -> list[Peer]:
    """The Sisimai versions installed here (see the docstring), each with its version."""
    found: list[Peer] = []
    lib = args.sisimai5 or os.environ.get("SISIMAI5_LIB")
    if lib:
        version = perl_version(["-I", lib], "Sisimai->version")
        if version.startswith("5"):
            found.append(
                Peer(f"Sisimai {version}", ["perl", "-I", lib, "-MSisimai", "-e", SISIMAI5_SCRIPT])
            )
        else:
            print(f"  no Sisimai 5 in {lib} ({version or 'not found'}): skipped", file=sys.stderr)
    else:
        print("  Sisimai 5: skipped (no --sisimai5 DIR or SISIMAI5_LIB)", file=sys.stderr)
    if not args.no_sisimai4:
        version = perl_version([], "$Sisimai::VERSION")
        if version.lstrip("v").startswith("4"):
            found.append(
                Peer(f"Sisimai {version.lstrip('v')}", ["perl", "-MSisimai", "-e", SISIMAI4_SCRIPT])
            )
        else:
            print("  Sisimai 4: skipped (apt-get install libsisimai-perl)", file=sys.stderr)
    return found


def perl_version(include: list[str], expression: str) -> str:
    try:
        done = subprocess.run(
            ["perl", *include, "-MSisimai", "-e", f"print {expression}"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def steady(small: list[Timed], large: list[Timed], messages: int, attribute: str) -> float:
    """Messages per second between the two sizes: start-up cancels out."""
    extra = statistics.median(getattr(t, attribute) for t in large) - statistics.median(
        getattr(t, attribute) for t in small
    )
    return messages / extra if extra > 0 else float("nan")


PEER_HEADER = (
    "one core, steady state, corpus mbox",
    "CPU, large mbox",
    "messages/s (CPU)",
    "messages/s (wall)",
    "ours vs it (CPU)",
    "ours vs it (wall)",
)


def measure_peer(args: argparse.Namespace) -> list[tuple[str, ...]]:
    folders = [args.corpus.parent / name for name in PEER_FOLDERS]
    folders = [folder for folder in folders if folder.is_dir()]
    if not folders:
        raise SystemExit(f"no corpus beside {args.corpus}: --peer needs it")
    contenders = [
        Peer(
            "bounce-analyzer",
            [*command(), "analyze", "--jobs", "1", "--format", "csv", "-o", "/dev/null"],
        )
    ]
    contenders += peers(args)
    size = parse_size(args.peer_size)
    rows: list[tuple[str, ...]] = []
    with tempfile.TemporaryDirectory(prefix="bounce-bench-peer-") as folder:
        paths = {"small": Path(folder) / "small.mbox", "large": Path(folder) / "large.mbox"}
        build_corpus_mbox(paths["small"], folders, size // 4)
        build_corpus_mbox(paths["large"], folders, size)
        counts = {}
        for key, path in paths.items():  # our count of the messages, for every program
            found = READ_LINE.search(run_timed([*contenders[0].argv, str(path)]).output)
            counts[key] = int(found.group(1)) if found else 0
        messages = counts["large"] - counts["small"]
        print(
            f"  peer mboxes: {paths['large'].stat().st_size / 1e6:.1f} MB ({counts['large']:,}"
            f" messages) and {paths['small'].stat().st_size / 1e6:.1f} MB"
            f" ({counts['small']:,}), from {', '.join(f.name for f in folders)}",
            file=sys.stderr,
        )
        times: dict[tuple[str, str], list[Timed]] = {}
        for _ in range(args.peer_repeat):  # interleaved, so a change of load hits all alike
            for key in ("small", "large"):
                for peer in contenders:
                    timed = run_timed([*peer.argv, str(paths[key])], peer.env)
                    times.setdefault((peer.name, key), []).append(timed)
        ours_cpu = ours_wall = float("nan")
        for peer in contenders:
            small, large = times[(peer.name, "small")], times[(peer.name, "large")]
            cpu = steady(small, large, messages, "cpu")
            wall = steady(small, large, messages, "wall")
            if peer is contenders[0]:
                ours_cpu, ours_wall = cpu, wall
            results = large[0].output.strip().splitlines()[-1:] if peer is not contenders[0] else []
            print(
                f"  {peer.name}: {cpu:,.0f} messages/s (CPU), {wall:,.0f} (wall); large mbox "
                f"{statistics.median(t.wall for t in large):.2f} s"
                + (f", {results[0]} results" if results else ""),
                file=sys.stderr,
            )
            rows.append((
                peer.name,
                f"{statistics.median(t.cpu for t in large):.2f} s",
                f"{cpu:,.0f}",
                f"{wall:,.0f}",
                "" if peer is contenders[0] else f"{ours_cpu / cpu:.2f}x",
                "" if peer is contenders[0] else f"{ours_wall / wall:.2f}x",
            ))  # fmt: skip
    return rows


# --dask: an mbox of this size, split into this many partitions (byte ranges).
DASK_SIZE = 32 << 20
DASK_PARTITIONS = 8
DASK_HEADER = ("--dask: 32 MB mbox, 8 partitions", "messages", "rows", "wall", "rows/s",
               "vs 1 worker", "CPU, all processes")


def measure_dask(repeat: int) -> list[tuple[str, ...]]:
    """--dask: rows per second of the analysis on a Dask cluster (bounce_analyzer.dask, what
    `analyze --scheduler` runs: every row back in order in this process) with 1 and 2 worker
    processes of one thread on loopback (a LocalCluster, started before and warmed up on the
    samples, so its start-up is not counted, as with an existing cluster), and the local
    pipeline in this process for reference. CPU time is the workers' and this process's."""
    import logging

    from distributed import Client, LocalCluster

    from bounce_analyzer import dask as on_cluster
    from bounce_analyzer.model import MessageError
    from bounce_analyzer.pipeline import Options, analyze

    def rows_of(items: object) -> tuple[int, int]:
        rows = sum(1 for item in items if not isinstance(item, MessageError))  # type: ignore[attr-defined]
        return rows, items.stats.read  # type: ignore[attr-defined]

    table: list[tuple[str, ...]] = []
    with tempfile.TemporaryDirectory(prefix="bounce-bench-dask-") as folder:
        path = Path(folder) / "dask.mbox"
        written = build_mbox(path, DASK_SIZE)
        blocksize = written // DASK_PARTITIONS + 1
        print(f"  built {path} ({written / (1 << 20):,.0f} MB)", file=sys.stderr)
        runs = []
        for _ in range(repeat):
            started, cpu = time.perf_counter(), time.process_time()
            rows, messages = rows_of(analyze([str(path)], Options(jobs=1)))
            runs.append((time.perf_counter() - started, time.process_time() - cpu))
        wall, cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
        table.append(("local pipeline, 1 process", f"{messages:,}", f"{rows:,}", f"{wall:.1f} s",
                      f"{rows / wall:,.0f}", "", f"{cpu:.1f} s"))
        print(f"  local: {wall:.1f} s, {rows / wall:,.0f} rows/s", file=sys.stderr)
        base = None
        for workers in (1, 2):
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                              host="127.0.0.1", dashboard_address=None,
                              silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
                list(on_cluster.analyze_on_cluster([str(SAMPLES)], Options(), client))  # warm-up
                runs = []
                for _ in range(repeat):
                    cpu = sum(client.run(time.process_time).values()) + time.process_time()
                    started = time.perf_counter()
                    rows, messages = rows_of(on_cluster.analyze_on_cluster(
                        [str(path)], Options(), client, blocksize=blocksize))
                    runs.append((time.perf_counter() - started,
                                 sum(client.run(time.process_time).values()) + time.process_time() - cpu))
            wall, cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
            base = base or rows / wall
            table.append((f"Dask, {workers} worker{'s' if workers > 1 else ''}", f"{messages:,}",
                          f"{rows:,}", f"{wall:.1f} s", f"{rows / wall:,.0f}",
                          f"{rows / wall / base:.2f}x", f"{cpu:.1f} s"))
            print(f"  {workers} worker(s): {wall:.1f} s, {rows / wall:,.0f} rows/s", file=sys.stderr)
    return table


def parse_size(text: str) -> int:
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = text.strip().upper()
    return int(float(text[:-1]) * units[text[-1]]) if text[-1:] in units else int(text)


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{model}, {cpus} CPUs, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; {installed_as()}; load average at start {load:.2f}"
    )


def installed_as() -> str:
    """Whether the command runs the package as pip installs it or from a source tree (an
    editable install adds an import hook to every start-up)."""
    found = subprocess.run(
        [sys.executable, "-c", "import bounce_analyzer; print(bounce_analyzer.__file__)"],
        check=False,
        capture_output=True,
        text=True,
        cwd="/",
    ).stdout.strip()
    return "installed package" if "site-packages" in found else f"source tree ({found or '?'})"


def mb(kb: float) -> str:
    return f"{kb / 1024:.0f} MB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument("--jobs", type=int, default=None, help="workers for the N rows [CPUs]")
    parser.add_argument("--big-size", default="1G", help="size of the built mbox [1G]")
    parser.add_argument("--big-repeat", type=int, default=1, help="runs over the big mbox [1]")
    parser.add_argument("--skip-big", action="store_true", help="no big-mbox measurements")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--peer", action="store_true", help="also measure Sisimai (docstring)")
    parser.add_argument("--peer-only", action="store_true", help="only the --peer measurement")
    parser.add_argument("--peer-size", default="20M", help="size of the peer's mbox [20M]")
    parser.add_argument("--peer-repeat", type=int, default=5, help="rounds of the peer runs [5]")
    parser.add_argument("--sisimai5", help="Sisimai 5's lib/ directory [$SISIMAI5_LIB]")
    parser.add_argument("--no-sisimai4", action="store_true", help="skip Debian's Sisimai 4")
    parser.add_argument("--dask", action="store_true",
                        help="only rows/s on a Dask cluster of 1 and 2 workers (measure_dask)")
    args = parser.parse_args()
    jobs = args.jobs or (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 2)
    corpus = str(args.corpus)
    out = ["--format", "csv", "-o", "/dev/null"]
    host = machine()
    print(f"machine: {host}", file=sys.stderr)
    # Byte-compile the package as `pip install` does, so start-up is not measured compiling
    # sources (an editable install under PYTHONDONTWRITEBYTECODE would compile every run).
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "bounce_analyzer")],
        check=False,
        stdout=subprocess.DEVNULL,
    )

    if args.dask:
        dask_rows = measure_dask(min(args.repeat, 3))
        print(f"Machine: {host}. Medians of {min(args.repeat, 3)} runs.\n")
        print_table(DASK_HEADER, dask_rows, args.markdown)
        return 0
    peer_rows = measure_peer(args) if args.peer or args.peer_only else []
    if args.peer_only:
        print(f"Machine: {host}. Medians of {args.peer_repeat} rounds.\n")
        print_table(PEER_HEADER, peer_rows, args.markdown)
        return 0

    table: list[tuple[str, str, str, str, str, str]] = []
    one = measure("corpus, --jobs 1", [*out, "--jobs", "1", corpus], args.repeat)
    many = measure(f"corpus, --jobs {jobs}", [*out, "--jobs", str(jobs), corpus], args.repeat)
    one5 = measure("corpus x5, --jobs 1", [*out, "--jobs", "1", *[corpus] * 5], args.repeat)
    many5 = measure(
        f"corpus x5, --jobs {jobs}", [*out, "--jobs", str(jobs), *[corpus] * 5], args.repeat
    )
    start = measure("start-up: analyze one.eml", ["-o", "/dev/null", str(ONE_MESSAGE)], args.repeat)
    for row, base in ((one, None), (many, one), (one5, None), (many5, one5)):
        speedup = f"{row.rate / base.rate:.2f}x" if base else ""
        table.append(
            (
                row.name,
                f"{row.runs[0].messages:,}",
                f"{row.median('wall'):.3f} s",
                f"{row.rate:,.0f}",
                speedup,
                mb(row.median("peak_all_kb")),
            )
        )
    table.append(
        (
            start.name,
            "1",
            f"{start.median('wall') * 1000:.0f} ms",
            "",
            "",
            mb(start.median("peak_all_kb")),
        )
    )

    big_rows: list[tuple[str, str, str, str, str, str, str]] = []
    if not args.skip_big:
        size = parse_size(args.big_size)
        with tempfile.TemporaryDirectory(prefix="bounce-bench-") as folder:
            path = Path(folder) / "big.mbox"
            written = build_mbox(path, size)
            print(f"  built {path} ({written / (1 << 20):,.0f} MB)", file=sys.stderr)
            for n in (1, jobs):
                row = measure(
                    f"{written / (1 << 30):.2f} GB mbox, --jobs {n}",
                    ["--format", "csv", "--jobs", str(n), str(path)],
                    args.big_repeat,
                    first_row=True,
                )
                big_rows.append(
                    (
                        row.name,
                        f"{row.runs[0].messages:,}",
                        f"{row.median('wall'):.1f} s",
                        f"{row.rate:,.0f}",
                        f"{row.median('first_row'):.2f} s",
                        mb(row.median("peak_one_kb")),
                        mb(row.median("peak_all_kb")),
                    )
                )

    print(
        f"Machine: {host}. Medians of {args.repeat} runs"
        + ("" if args.skip_big else f" ({args.big_repeat} for the big mbox)")
        + ".\n"
    )
    header = ("measurement", "messages", "wall", "messages/s", "vs --jobs 1", "peak RSS (all)")
    print_table(header, table, args.markdown)
    if peer_rows:
        print()
        print_table(PEER_HEADER, peer_rows, args.markdown)
    if big_rows:
        print()
        print_table(
            (
                "measurement",
                "messages",
                "wall",
                "messages/s",
                "first row",
                "peak RSS (largest process)",
                "peak RSS (all processes)",
            ),
            big_rows,
            args.markdown,
        )
    return 0


def print_table(header: tuple[str, ...], rows: list[tuple[str, ...]], markdown: bool) -> None:
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|")
        for row in rows:
            print("| " + " | ".join(row) + " |")
        return
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    for row in (header, *rows):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)))


if __name__ == "__main__":
    sys.exit(main())
