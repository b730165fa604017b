"""`analyze --db`: analyse PATHs and keep every message in the history, each once.

The same policy as `scan` (bounce_analyzer.scan): a message is its content
(`store.content_digest`); its rows are committed, all together, before they are handed on to the
output, so the output never shows a row the history does not hold; analysed again (the same
file twice, the same message in another mbox, a changed rule set) it is updated in place rather
than stored again; a message recorded with an error is analysed again and, when it now gives
rows, they replace the error. Killed at any moment, a run leaves each message stored whole or
not at all, and running it again stores the rest, nothing twice.

The analysis itself is the pipeline's (`pipeline.judge`), in worker processes with `--jobs`
(`parallel.ordered_results`, results in source order), with every row kept for the history
(deliveries and auto-replies: the suppression policy needs them) and only the rows asked for
handed on.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from .ingest import RawMessage, ReadError, iter_messages
from .model import Analysis, MessageError, Stats, Verdict
from .pipeline import DEFAULT_OPTIONS, Options, judge, wanted
from .store import Store, content_digest

MAILBOX = "analyze"  # the history's mailbox name for rows stored by `analyze --db`


def ruleset_id(extra_paths: Sequence[str | Path] = ()) -> str:
    """Which rule set decided: a digest of the rule files' contents (built-in and --rules), so
    that the history can say which messages were judged by older rules."""
    from .patterns import blake2b
    from .rulecache import input_files

    extra = tuple(str(path) for path in extra_paths)
    digest = blake2b(digest_size=8)
    files = input_files(extra)
    if files is None:
        digest.update(repr(extra).encode())
    else:
        for file in files:
            try:
                digest.update(Path(file).read_bytes())
            except OSError:
                digest.update(file.encode())
    return "rules-" + digest.hexdigest()


def analyze_into(paths: Iterable[str], options: Options, store: Store) -> Analysis:
    """`pipeline.analyze`, storing each message in `store` before its rows come out."""
    from .classifier import load_classifier
    from .parallel import BATCH_BYTES, SMALL_INPUT_PER_WORKER, in_process, ordered_results, peek

    load_classifier(options.rules)  # rule errors surface here, before any output
    every_row = replace(options, include_delivered=True, include_vacation=True)
    ruleset = ruleset_id(options.rules)
    stats = Stats()
    digests: deque[str | None] = deque()

    def tagged() -> Iterator[RawMessage | ReadError]:
        # Results come back one per message in source order: the digests wait here in that order.
        for item in iter_messages(paths, options.ingest):
            digests.append(content_digest(item.data) if isinstance(item, RawMessage) else None)
            yield item

    def run() -> Iterator[Verdict | MessageError]:
        jobs = max(1, options.jobs)
        items = tagged()
        head, ended = peek(items, SMALL_INPUT_PER_WORKER * jobs, BATCH_BYTES * jobs)
        if ended or jobs == 1:
            results: Iterator[tuple[str, Any]] = in_process(head, every_row, judge)
            if not ended:
                results = chain_in_process(results, items, every_row)
        else:
            from itertools import chain

            results = ordered_results(chain(head, items), jobs, every_row, judge)
        for source, result in results:
            digest = digests.popleft()
            if isinstance(result, ReadError):
                stats.count(None)
                yield MessageError(result.source, result.stage, result.error)
                continue
            if result[0] == "error":
                rows: list[Verdict] = []
                error = (result[1], result[2])
            else:
                rows = [Verdict(*row) for row in result[1]]
                error = result[2]
            shown = [row for row in rows if wanted(row.reason, options)]
            if digest is not None:
                failure = any(wanted(row.reason, DEFAULT_OPTIONS) for row in rows)
                outcome = "error" if error is not None and not rows else "verdicts" if failure else "none"
                store.record(
                    MAILBOX, digest=digest, locator=source, rows=rows, outcome=outcome,
                    error=f"{error[0]}: {error[1]}" if error is not None else "", handled=True,
                    ruleset=ruleset, replace=True,
                )
            if error is not None and not shown:
                stats.count(None)
            else:
                stats.count(len(shown), partly=error is not None)
            yield from shown
            if error is not None:
                yield MessageError(source, *error)

    return Analysis(run(), stats)


def chain_in_process(
    first: Iterator[tuple[str, Any]], rest: Iterator[RawMessage | ReadError], options: Options
) -> Iterator[tuple[str, Any]]:
    """`parallel.in_process` over a stream too long to hold (--jobs 1 on a large input)."""
    from .parallel import in_process

    yield from first
    batch: list[RawMessage | ReadError] = []
    for item in rest:
        batch.append(item)
        yield from in_process(batch, options, judge)
        batch.clear()
