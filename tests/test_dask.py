"""The analysis on a Dask cluster (bounce_analyzer.dask, `analyze --scheduler`, issue 18).

A real dask.distributed LocalCluster: two worker processes on loopback, started once for this
module. Every comparison is with the local pipeline (`pipeline.analyze`, or `analyze --jobs 1`)
on the same input: the same rows, the same error records, in the same order.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed", reason="the dask extra is not installed: pip install '.[dask]'")

import dask
import pandas as pd
from click.testing import CliRunner
from distributed import Client, LocalCluster

from bounce_analyzer import dask as bd
from bounce_analyzer.cli import main
from bounce_analyzer.model import MessageError, Stats
from bounce_analyzer.pipeline import Options, analyze
from bounce_analyzer.verdict import NAMES, Verdict

from .conftest import SAMPLES as SAMPLES_IN_TREE
from .conftest import USER_RULE

ENVELOPE = b"From MAILER-DAEMON Mon Jan  1 00:00:00 2024\n"
GENERATED_MESSAGES = 5_000
EVERY_ROW = Options(include_delivered=True, include_vacation=True)


@pytest.fixture(scope="module", autouse=True)
def samples(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A copy of samples/ taken once: every comparison here reads the same files twice."""
    global SAMPLES
    SAMPLES = tmp_path_factory.mktemp("copy") / "samples"
    shutil.copytree(SAMPLES_IN_TREE, SAMPLES)
    yield


SAMPLES = SAMPLES_IN_TREE


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    # Without the workers' statistical profiler: it wakes every 10 ms and takes the
    # interpreter lock from the task, which on this shared 2-core machine slowed tasks down.
    with (
        dask.config.set({"distributed.worker.profile.enabled": False}),
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=None, silence_logs=logging.CRITICAL,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def build_mbox(path: Path, messages: int, newline: bytes = b"\n") -> int:
    """An mbox of our samples repeated until it holds `messages` messages or more; bodies carry
    an unquoted 'From ' line that is no envelope, and an empty message closes each round."""
    parts = []
    for sample in sorted(SAMPLES.glob("*.eml")):
        body = re.sub(rb"(?m)^(>*From )", rb">\1", sample.read_bytes().replace(b"\r\n", b"\n"))
        parts.append(ENVELOPE + body.rstrip(b"\n") + b"\nFrom here on, no envelope\n\n")
    rounds = -(-messages // len(parts))  # rounds of the samples alone make `messages` or more
    parts.append(ENVELOPE)  # a message with nothing in it: split_mbox counts it, gives nothing
    data = b"".join(parts) * rounds
    path.write_bytes(data.replace(b"\n", newline))
    return rounds * len(parts)


@dataclass
class Local:
    items: list[Any]
    stats: Stats
    envelopes: int  # messages in the mbox, empty ones included (split_mbox counts them)


@pytest.fixture(scope="module")
def big_mbox(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Local]:
    """The generated mbox and what the local pipeline gives for it (every row asked for)."""
    path = tmp_path_factory.mktemp("mbox") / "generated.mbox"
    envelopes = build_mbox(path, GENERATED_MESSAGES)
    analysis = analyze([str(path)], EVERY_ROW)
    return path, Local(list(analysis), analysis.stats, envelopes)


def expected(items: list[Any], source: Any = str) -> list[tuple[Any, ...]]:
    """The local pipeline's items as a frame's rows should read: typed as verdict.Verdict
    types them (the date in UTC), an error record as (source, stage, error)."""
    rows = []
    for item in items:
        if isinstance(item, MessageError):
            rows.append(("error", source(item.source), item.stage, item.error))
            continue
        typed = Verdict.from_row(item)
        values = [getattr(typed, name) for name in NAMES]
        values[0] = source(values[0])
        values[2] = typed.date.astimezone(pd.Timestamp(0, tz="UTC").tzinfo) if typed.date else None
        rows.append(("row", *values))
    return rows


def frame_rows(frame: pd.DataFrame) -> list[tuple[Any, ...]]:
    """A computed frame's rows, missing values as None, times as datetimes."""
    rows = []
    for record in frame.to_dict("records"):
        plain = {k: (None if not isinstance(v, str) and pd.isna(v) else v) for k, v in record.items()}
        if plain["stage"] is not None:
            rows.append(("error", plain["source"], plain["stage"], plain["error"]))
            continue
        values = [plain[name] for name in NAMES]
        values[2] = values[2].to_pydatetime() if values[2] is not None else None
        rows.append(("row", *values))
    return rows


def run_cli(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# -- the same rows as a local run --------------------------------------------------------------


def test_samples_give_the_rows_of_a_local_run(client: Client) -> None:
    local = list(analyze([str(SAMPLES)], EVERY_ROW))
    # A small blocksize: the samples spread over several partitions.
    frame = bd.read_bounces(
        SAMPLES, blocksize=20_000, include_delivered=True, include_vacation=True
    )
    assert frame.npartitions >= 4
    computed = client.compute(frame).result()
    assert frame_rows(computed) == expected(local)
    assert {name: str(dtype) for name, dtype in computed.dtypes.items()} == {
        name: str(bd.DTYPES[name]) for name in bd.FRAME_COLUMNS
    }


def test_a_generated_mbox_split_into_ranges_gives_the_rows_of_a_local_run(
    client: Client, big_mbox: tuple[Path, Any]
) -> None:
    path, local = big_mbox
    # What `analyze --scheduler` runs, with ranges small enough for several partitions.
    pieces = bd.plan([str(path)], blocksize=path.stat().st_size // 6)
    assert len(pieces) == 6 and all(len(piece) == 1 for piece in pieces)
    analysis = bd.analyze_on_cluster(
        [str(path)], EVERY_ROW, client, blocksize=path.stat().st_size // 6
    )
    assert list(analysis) == local.items
    assert analysis.stats == local.stats
    assert analysis.stats.read >= GENERATED_MESSAGES
    # The numbering runs across the ranges: the last message with rows is the one before the
    # last (an empty one) of the whole file.
    assert local.items[-1].source == f"{path}:{local.envelopes - 1}"


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"], ids=["crlf", "cr"])
def test_ranges_of_crlf_and_cr_mboxes_split_as_the_whole_file(tmp_path: Path, newline: bytes) -> None:
    path = tmp_path / "small.mbox"
    build_mbox(path, 300, newline)
    local = list(analyze([str(path)], Options()))
    frame = bd.read_bounces(str(path), blocksize=path.stat().st_size // 9)
    assert frame.npartitions == 9
    assert frame_rows(frame.compute(scheduler="sync")) == expected(local)


def test_a_killed_worker_still_gives_every_row(client: Client, tmp_path: Path) -> None:
    path = tmp_path / "kill.mbox"
    build_mbox(path, 1_500)
    local = list(analyze([str(path)], Options()))
    frame = bd.read_bounces(str(path), blocksize=path.stat().st_size // 8)
    futures = client.compute(frame.to_delayed())
    deadline = time.monotonic() + 60
    while not any(f.done() for f in futures) and time.monotonic() < deadline:
        time.sleep(0.02)
    busy = {address: keys for address, keys in client.processing().items() if keys}
    assert busy, "the run ended before a worker could be killed"
    pids = client.run(os.getpid)
    os.kill(pids[next(iter(busy))], signal.SIGKILL)  # a worker with a task running
    parts = client.gather(futures)
    assert frame_rows(pd.concat(parts, ignore_index=True)) == expected(local)
    client.wait_for_workers(2, timeout=60)


def test_a_broken_message_is_an_error_record_as_locally(client: Client, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    single = SAMPLES / "rfc3464-single-userunknown.eml"
    (folder / "a-good.eml").write_bytes(single.read_bytes())
    parts = b"".join(b"--b\nContent-Type: text/plain\n\npart\n" for _ in range(20))
    (folder / "b-many-parts.eml").write_bytes(
        b"Subject: x\nContent-Type: multipart/mixed; boundary=b\n\n" + parts + b"--b--\n"
    )
    (folder / "c-too-big.eml").write_bytes(b"Subject: y\n\n" + b"x" * 70 + b"\n" * 5_000)
    (folder / "d-gone.eml").symlink_to(folder / "nowhere")
    limits = {"max_parts": 10, "max_message_size": 3_000}
    local = list(analyze([str(folder)], Options(
        max_parts=10, ingest=bd.IngestOptions(max_message_size=3_000)
    )))
    assert [i.stage for i in local if isinstance(i, MessageError)] == ["limit", "limit", "read"]
    frame = bd.read_bounces(str(folder), **limits)
    computed = client.compute(frame).result()
    assert frame_rows(computed) == expected(local)
    rows, errors = bd.split_errors(frame)
    rows, errors = client.compute([rows, errors], sync=True)
    assert list(errors["stage"]) == ["limit", "limit", "read"]
    assert list(rows["source"]) == [str(folder / "a-good.eml")]


def test_fsspec_urls_memory_and_file(client: Client) -> None:
    files = {p.name: p.read_bytes() for p in SAMPLES.iterdir() if p.is_file()}

    def put(files: dict[str, bytes]) -> None:
        import fsspec

        memory = fsspec.filesystem("memory")
        for name, data in files.items():
            memory.pipe(f"/samples/{name}", data)

    put(files)  # memory:// is one process's own: the client lists it, each worker reads it
    client.run(put, files)
    local = list(analyze([str(SAMPLES)], Options()))
    prefix = str(SAMPLES)
    from_memory = bd.read_bounces("memory://samples", blocksize=50_000)
    assert from_memory.npartitions >= 2
    assert frame_rows(client.compute(from_memory).result()) == expected(
        local, lambda s: s.replace(prefix, "memory://samples", 1)
    )
    from_file = bd.read_bounces(f"file://{prefix}")
    assert frame_rows(client.compute(from_file).result()) == expected(
        local, lambda s: s.replace(prefix, f"file://{prefix}", 1)
    )


def test_globs_name_files_as_the_shell_would(tmp_path: Path) -> None:
    names = sorted(str(p) for p in SAMPLES.glob("rfc3464-*.eml"))
    local = list(analyze(names, Options()))
    frame = bd.read_bounces(str(SAMPLES / "rfc3464-*.eml"))
    assert frame_rows(frame.compute(scheduler="sync")) == expected(local)
    with pytest.raises(FileNotFoundError):
        bd.read_bounces(str(tmp_path / "none-*.eml"))


def test_user_rules_reach_the_workers(client: Client, tmp_path: Path) -> None:
    rules = tmp_path / "mine.toml"
    rules.write_text(USER_RULE, encoding="utf-8")
    single = str(SAMPLES / "rfc3464-single-userunknown.eml")
    frame = client.compute(bd.read_bounces(single, rules=[rules], lang="zh")).result()
    assert (frame["rule"][0], frame["reason"][0]) == ("local-virtual-table-is-stale", "systemerror")
    assert frame["explanation"][0] == "我们的中继正在重建地址表,该地址没有问题。"


def test_the_time_budget_holds_in_a_worker_thread() -> None:
    from bounce_analyzer.classifier import load_classifier
    from bounce_analyzer.ingest import RawMessage

    def spin(*_: Any) -> list[Any]:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            pass
        return []

    outcomes: list[Any] = []
    options = Options(max_seconds=0.3)
    budget = bd.ThreadBudget.get()
    worker = threading.Thread(target=lambda: outcomes.append(
        bd.judged(RawMessage("slow", b"x"), load_classifier(), options, budget, spin)
    ))
    started = time.monotonic()
    worker.start()
    worker.join(30)
    assert time.monotonic() - started < 10
    (outcome,) = outcomes
    assert outcome.rows == [] and outcome.error is not None
    assert (outcome.error.stage, "--max-seconds" in outcome.error.error) == ("limit", True)
    # A message that ends in time is never interrupted afterwards.
    quick = threading.Thread(target=lambda: outcomes.append(
        (bd.judged(RawMessage("quick", b"x"), load_classifier(), Options(max_seconds=0.2), budget,
                   lambda *_: []), time.sleep(0.5))
    ))
    quick.start()
    quick.join(30)
    assert outcomes[1][0].error is None


# -- the command ------------------------------------------------------------------------------


def test_analyze_with_scheduler_writes_what_a_local_run_writes(
    client: Client, tmp_path: Path
) -> None:
    mbox = SAMPLES / "mbox-several.mbox"
    common = ["analyze", str(SAMPLES), str(mbox), "--format", "jsonl", "--include-delivered"]
    local = run_cli(*common, "--jobs", "1", "--errors", str(tmp_path / "local.csv"))
    remote = run_cli(*common, "--scheduler", client.scheduler.address,
                     "--errors", str(tmp_path / "remote.csv"))
    assert remote.exit_code == 0, remote.stderr
    assert remote.stdout == local.stdout and len(local.stdout.splitlines()) > 50
    assert (tmp_path / "remote.csv").read_bytes() == (tmp_path / "local.csv").read_bytes()
    # The summary line counts the same messages.
    assert remote.stderr.splitlines()[-1] == local.stderr.splitlines()[-1]
    # --only and --dedupe work on the rows as they come back.
    only = ["--only", "hard", "--dedupe", "--format", "csv"]
    assert (run_cli("analyze", str(SAMPLES), *only, "--scheduler", client.scheduler.address).stdout
            == run_cli("analyze", str(SAMPLES), *only, "--jobs", "1").stdout)


def test_parquet_output_is_one_file_per_partition(client: Client, tmp_path: Path) -> None:
    local = [json.loads(line) for line in run_cli(
        "analyze", str(SAMPLES), "--format", "jsonl", "--only", "hard"
    ).stdout.splitlines()]
    out = tmp_path / "rows"
    result = run_cli("analyze", str(SAMPLES), "--format", "parquet", "-o", str(out), "--only", "hard",
                     "--scheduler", client.scheduler.address)
    assert result.exit_code == 0, result.stderr
    files = sorted(out.iterdir())
    # samples/ holds more files than one partition takes (FILES_PER_PARTITION): one file each.
    partitions = len(bd.plan([SAMPLES]))
    assert partitions > 1
    assert [f.name for f in files] == [f"part.{n:05d}.parquet" for n in range(partitions)]
    frame = pd.read_parquet(out)
    assert list(frame["recipient"]) == [row["recipient"] for row in local]
    assert list(frame["source"]) == [row["source"] for row in local]
    assert set(frame["bounce"]) == {"hard"}
    # Several partitions, in this process (no scheduler): one file each, in source order.
    many = tmp_path / "many"
    pieces = bd.plan([str(SAMPLES)], blocksize=20_000)
    analysis = bd.analyze_to_parquet([str(SAMPLES)], Options(), str(many), blocksize=20_000)
    errors = list(analysis)
    assert len(list(many.iterdir())) == len(pieces) >= 4
    local_run = analyze([str(SAMPLES)], Options())
    local_errors = [i for i in local_run if isinstance(i, MessageError)]
    assert errors == local_errors and analysis.stats == local_run.stats
    assert list(pd.read_parquet(many)["source"]) == [
        i.source for i in analyze([str(SAMPLES)], Options()) if not isinstance(i, MessageError)
    ]
    again = run_cli("analyze", str(SAMPLES), "--format", "parquet", "-o", str(many))
    assert again.exit_code != 0 and "not empty" in again.stderr


def test_analyze_with_an_unreachable_scheduler_says_so_in_one_line() -> None:
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = run_cli("analyze", str(SAMPLES), "--scheduler", "tcp://127.0.0.1:9")
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert "127.0.0.1:9" in line


def test_progress_comes_from_the_cluster(client: Client, capsys: pytest.CaptureFixture[str]) -> None:
    analysis = bd.analyze_on_cluster(
        [str(SAMPLES)], Options(), client, blocksize=20_000, progress=True
    )
    assert len(list(analysis)) > 0
    assert "% of the analysis" in capsys.readouterr().err


def test_the_module_imports_the_real_dask() -> None:
    # bounce_analyzer/dask.py shares its last name with Dask; its `import dask` is Dask's.
    assert bd.dask.__name__ == "dask" and hasattr(bd.dask, "compute")
    assert Path(bd.dask.__file__).parent.name == "dask" != Path(bd.__file__).parent.name


def test_the_readme_example_runs(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (SAMPLES_IN_TREE.parent / "README.md").read_text(encoding="utf-8")
    section = text.split("## Beyond one machine", 1)[1].split("\n## ", 1)[0]
    (code,) = re.findall(r"```python\n(.*?)```", section, re.DOTALL)
    monkeypatch.chdir(SAMPLES.parent)  # "samples/": the copy
    namespace: dict[str, Any] = {}
    exec(code.replace("tcp://scheduler:8786", client.scheduler.address), namespace)
    namespace["client"].close()
    local = [i for i in analyze(["samples/"], Options()) if not isinstance(i, MessageError)]
    assert sorted(namespace["hard"]) == sorted({r.recipient for r in local if r.bounce == "hard"})
    assert namespace["per_reason"].sum() == len(local) and len(namespace["errors"]) == 0
