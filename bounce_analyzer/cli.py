"""The command line: click only. Options in, a library call, rows handed to a writer."""

from __future__ import annotations

import functools
import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar, TextIO, TypeVar

import click

from .report import FORMATS, ONLY
from .terminal import SafeStream, shown

F = TypeVar("F", bound=Callable[..., Any])


class OneLineErrors(click.Group):
    """Report usage errors as one line saying what to do, with exit status 2.

    click's default prints the usage block and a hint on three lines; an operator running
    this from cron wants one line in the log.
    """

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        LEFT_AS_IT_WAS.clear()
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]
        except PipeClosed:
            # The reader of standard output has had enough (`| head`): not an error.
            quiet_stdout()
            sys.exit(0)
        except click.UsageError as error:
            path = error.ctx.command_path if error.ctx else "bounce-analyzer"
            click.echo(f"{path}: {error.format_message()} (see '{path} --help')", err=True)
            sys.exit(2)
        except click.ClickException as error:
            click.echo(f"bounce-analyzer: {error.format_message()}{outputs_note()}", err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo(f"bounce-analyzer: interrupted{outputs_note()}", err=True)
            sys.exit(130)
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        # Before click's own handling of EPIPE, which exits with status 1.
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise PipeClosed() from None
        finally:
            stop_progress()


# Output files a failed or interrupted command left as they were (or did not create): the one
# error line says so.
LEFT_AS_IT_WAS: list[str] = []


def outputs_note() -> str:
    return "".join(f"; {note}" for note in LEFT_AS_IT_WAS)


# Shared options: every command spells them the same way.
def output_options(formats: tuple[str, ...] = FORMATS, default: str = "csv",
                   folder: bool = False) -> Callable[[F], F]:
    def decorate(func: F) -> F:
        func = click.option(
            "-o", "--output", type=click.Path(dir_okay=folder, allow_dash=True), default="-",
            help="Write rows to FILE instead of standard output"
            + (" (--format parquet: a new or empty FOLDER, one file per partition)." if folder else "."),
        )(func)
        func = click.option(
            "--format", "fmt", type=click.Choice(formats), default=default, show_default=True,
            help="Output format.",
        )(func)
        return func

    return decorate


def lang_option(func: F) -> F:
    return click.option(
        "--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
        help="Language of explanations and advice.",
    )(func)


def rules_option(func: F) -> F:
    return click.option(
        "--rules", "rule_paths", multiple=True, type=click.Path(exists=True, path_type=Path),
        help="Extra rule file or folder (repeatable); its rules take precedence over the built-in ones.",
    )(func)


def db_option(func: F) -> F:
    return click.option(
        "--db", "db_path", metavar="FILE|URL",
        help="History database to store each message's rows in, once: a SQLite file or "
        "postgresql://user@host[:port]/dbname "
        "[default for scan: $XDG_DATA_HOME/bounce-analyzer/history.sqlite3].",
    )(func)


def db_password_option(name: str = "--password-env") -> Callable[[F], F]:
    def decorate(func: F) -> F:
        return click.option(
            name, "db_password_env", metavar="VAR",
            help="PostgreSQL history: read the database password from environment variable VAR "
            "(default: PGPASSWORD or ~/.pgpass).",
        )(func)

    return decorate


def db_password(var: str | None) -> str | None:
    """The history database's password from --password-env VAR (None: libpq's own places)."""
    import os

    if not var:
        return None
    if var not in os.environ:
        raise click.UsageError(f"environment variable {var} is not set (its password was asked for)")
    return os.environ[var]


class ByteSize(click.ParamType):
    """A size in bytes, with an optional K, M or G suffix (powers of 1024): 64M, 1G, 500000."""

    name = "size"
    UNITS: ClassVar[dict[str, int]] = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip().upper().removesuffix("B")
        number, unit = (text[:-1], text[-1]) if text[-1:] in "KMG" else (text, "")
        if not number.isdigit() or int(number) <= 0:
            self.fail(f"{value!r} is not a size such as 500000, 64M or 1G", param, ctx)
        return int(number) * self.UNITS[unit]


def limit_options(func: F) -> F:
    """The input limits (README "Limits"), handed to the command as one `limits` mapping."""

    @functools.wraps(func)
    def wrapper(*args: Any, max_message_size: int, max_decompressed_size: int, max_depth: int,
                max_parts: int, max_recipients: int, max_seconds: float, **kwargs: Any) -> Any:
        from .ingest import IngestOptions

        limits = {
            "ingest": IngestOptions(max_message_size=max_message_size,
                                    max_decompressed_size=max_decompressed_size),
            "max_depth": max_depth,
            "max_parts": max_parts,
            "max_recipients": max_recipients,
            "max_seconds": max_seconds,
        }
        return func(*args, limits=limits, **kwargs)

    options = (
        click.option("--max-message-size", type=ByteSize(), default="64M", show_default=True,
                     help="Larger messages are skipped with an error record."),
        click.option("--max-decompressed-size", type=ByteSize(), default="16G", show_default=True,
                     help="Stop reading a .gz/.bz2/.xz input past this size (decompression bombs)."),
        click.option("--max-depth", type=click.IntRange(1, 200), default=50, show_default=True,
                     help="Messages whose MIME parts nest deeper are skipped with an error record."),
        click.option("--max-parts", type=click.IntRange(1), default=1_000, show_default=True,
                     help="Messages of more MIME parts are skipped with an error record."),
        click.option("--max-recipients", type=click.IntRange(1), default=10_000, show_default=True,
                     help="Past this many recipients in one message, the rest are not read: "
                          "an error record says how many."),
        click.option("--max-seconds", type=click.FloatRange(0), default=10.0, show_default=True,
                     help="A message that takes longer to analyse becomes an error record "
                          "(0: no limit)."),
    )
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper  # type: ignore[return-value]


def default_jobs() -> int:
    """--jobs by default: the CPUs this process may run on."""
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def say_not_analysed(item: Any) -> None:
    """One line on stderr for a message that gave no verdict because of an error (above the
    progress bar when one is drawn; the source and error shown escaped, as in a table)."""
    say(f"bounce-analyzer: {shown(item.source)}: not analysed ({item.stage}): {shown(item.error)}")


def say(line: str) -> None:
    if PROGRESS:
        PROGRESS[0].say(line)
    else:
        click.echo(line, err=True)


# The progress bar of the running command, if one is drawn (`start_progress`).
PROGRESS: list[Any] = []


def start_progress(quiet: bool, verb: str, unit: str, count: Callable[[], int],
                   paths: tuple[str, ...] = (), fraction: Any = None) -> None:
    """A progress bar on standard error when it is a terminal and -q is not given; with
    PATH..., the share of their bytes read and the time left (or `fraction`: done, total)."""
    from . import progress

    if not progress.wanted(quiet):
        return
    if paths:
        fraction = progress.reading_fraction(paths)
    PROGRESS.append(progress.Progress(verb, unit, count, fraction=fraction))


def stop_progress() -> None:
    while PROGRESS:
        PROGRESS.pop().close()


def counted(items: Iterator[Any], counter: list[int]) -> Iterator[Any]:
    """items unchanged, counted as they pass (for a progress bar)."""
    for item in items:
        counter[0] += 1
        yield item


class PipeClosed(click.ClickException):
    """Standard output was closed by its reader (`| head`): the command ends quietly, status 0."""

    exit_code = 0

    def __init__(self) -> None:
        super().__init__("standard output closed")


class WriteFailed(click.ClickException):
    """An output could not be written (disk full, read-only, closed pipe): one line, exit 1."""

    exit_code = 1

    def __init__(self, name: str, error: OSError) -> None:
        super().__init__(f"cannot write {name}: {error.strerror or error}")


class GuardedOutput:
    """A text stream whose write errors name the file (`WriteFailed`): an error from writing
    the output is told apart from one of the mailbox or the history."""

    def __init__(self, stream: TextIO, name: str) -> None:
        self.stream = stream
        self.name = name

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except BrokenPipeError:
            raise PipeClosed() from None
        except OSError as error:
            raise WriteFailed(self.name, error) from None

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:
            raise PipeClosed() from None
        except OSError as error:
            raise WriteFailed(self.name, error) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextmanager
def opened_output(path: str, *, whole: bool = True, bom: bool = False) -> Iterator[TextIO]:
    """Where rows go: standard output, or FILE written whole or not at all.

    FILE is written under a temporary name beside it and renamed over it once complete
    (rename(2) is atomic), so a run that fails or is interrupted leaves an existing FILE as it
    was, and the error line says so. A device or a pipe (/dev/null, /dev/stdout) is written to
    directly, and so is FILE when not `whole` (`scan --watch`: a service's rows must appear as
    they are stored, not when it stops). With `bom`, the text starts with a UTF-8 byte order
    mark (CSV for a spreadsheet: README "CSV").
    """
    import os

    if path == "-":
        out = GuardedOutput(sys.stdout, "standard output")
        try:
            if bom:
                out.write(BOM)
            yield out  # type: ignore[misc]
            out.flush()
        except (WriteFailed, PipeClosed):
            quiet_stdout()
            raise
        return
    exists = os.path.lexists(path)
    if (exists and not os.path.isfile(path)) or not whole:
        try:
            handle = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed below
        except OSError as error:
            raise WriteFailed(path, error) from None
        out = GuardedOutput(handle, path)
        try:
            if bom:
                out.write(BOM)
            yield out  # type: ignore[misc]
            out.flush()
            try:
                handle.close()
            except OSError as error:
                raise WriteFailed(path, error) from None
        finally:
            try:
                handle.close()  # after a failed write its buffer cannot be written either
            except OSError:
                pass
        return
    import tempfile

    target = os.path.realpath(path)  # a symlink's target is replaced, not the link
    folder, name = os.path.split(target)
    try:
        if exists and not os.access(target, os.W_OK):
            raise PermissionError(13, os.strerror(13))
        descriptor, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
    except OSError as error:
        raise WriteFailed(path, error) from None
    try:
        with open(descriptor, "w", encoding="utf-8", newline="") as handle:
            out = GuardedOutput(handle, path)
            if bom:
                out.write(BOM)
            yield out  # type: ignore[misc]
            out.flush()
            try:
                os.fsync(handle.fileno())
            except OSError as error:
                raise WriteFailed(path, error) from None
        keep_mode(temporary, target if exists else None)
        os.replace(temporary, target)
    except BaseException as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        LEFT_AS_IT_WAS.append(f"{path} left as it was" if exists else f"{path} not written")
        if isinstance(error, OSError):
            raise WriteFailed(path, error) from None
        raise


BOM = "\ufeff"


def bom_option(func: F) -> F:
    return click.option(
        "--bom/--no-bom", default=None,
        help="CSV: start with a UTF-8 byte order mark, so that spreadsheets read it as UTF-8 "
        "[default: with -o FILE yes, on standard output no].",
    )(func)


def wants_bom(bom: bool | None, fmt: str, output: str) -> bool:
    """A byte order mark for CSV written to a file (opened in a spreadsheet), none on standard
    output or a device or pipe (/dev/stdout: read by another program), unless --bom/--no-bom
    says."""
    import os

    if fmt != "csv":
        return False
    if bom is not None:
        return bom
    return output != "-" and (os.path.isfile(output) or not os.path.exists(output))


def keep_mode(temporary: str, existing: str | None) -> None:
    """The new file gets the old one's permissions, or those `open` would have given."""
    import os

    if existing is not None:
        mode = os.stat(existing).st_mode & 0o7777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temporary, mode)


def quiet_stdout() -> None:
    """After a write error on standard output (a closed pipe), point it at /dev/null so that
    the interpreter's last flush at exit does not print a traceback of its own."""
    import os

    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (a test runner's buffer)


def run() -> None:
    """The `bounce-analyzer` command (console script and `python -m bounce_analyzer`).

    When the command is done, everything it built is left to the operating system: at exit
    the interpreter would otherwise search all of it for reference cycles (about 10 ms after
    a 400-message run, 4% of it). What must be written is written before: outputs and the
    history database are closed by their `with` blocks, standard streams are flushed at exit
    as usual, and atexit handlers still run.
    """
    try:
        main()
    finally:
        gc.freeze()


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="bounce-analyzer")
def main() -> None:
    """Read bounce messages and say, for every failed recipient, what went wrong and why."""


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@output_options(formats=(*FORMATS, "parquet"), folder=True)
@lang_option
@rules_option
@click.option("--include-delivered", is_flag=True, help="Also report recipients a DSN says were delivered.")
@click.option("--include-vacation", is_flag=True, help="Also report auto-replies (out of office, vacation).")
@click.option("--errors", "errors_path", type=click.Path(dir_okay=False, allow_dash=True),
              help="Write a CSV of messages that gave no verdict because of an error (source, stage, error).")
@click.option("--strict", is_flag=True, help="Exit with status 1 when any message could not be analysed.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary line on standard error.")
@bom_option
@db_option
@db_password_option()
@click.option("--only", type=click.Choice(ONLY),
              help="Only hard bounces, soft bounces, or permanent failures.")
@click.option("--dedupe", is_flag=True, help="One row per recipient: its latest (by the bounce's Date).")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=None,
              help="Worker processes [default: the number of CPUs]; 1 analyses in this process. "
              "Output order is the same whatever the number.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Run on this Dask cluster (tcp://host:8786; needs the dask extra); PATH... may be "
              "fsspec URLs (s3://, gs://) the workers can read. Same rows, same order.")
@limit_options
@click.pass_context
def analyze(
    ctx: click.Context,
    limits: dict[str, Any],
    paths: tuple[str, ...],
    fmt: str,
    output: str,
    lang: str,
    rule_paths: tuple[Path, ...],
    include_delivered: bool,
    include_vacation: bool,
    errors_path: str | None,
    strict: bool,
    quiet: bool,
    db_path: str | None,
    db_password_env: str | None,
    only: str | None,
    dedupe: bool,
    jobs: int | None,
    bom: bool | None,
    scheduler: str | None,
) -> None:
    """Analyse bounces in PATH... (files, mbox, Maildir, directories, '-' for stdin; .gz/.bz2/.xz).

    Writes one row per failed recipient. Messages that are not bounces give no rows.
    """
    import os

    from .ingest import UsageError, check_paths
    from .pipeline import MessageError, Options
    from .pipeline import analyze as run_analysis
    from .report import make_writer, select_rows, write_errors_csv

    dasked = scheduler is not None or fmt == "parquet"  # bounce_analyzer.dask (issue 18)
    try:
        check_paths([path for path in paths if not (dasked and "://" in path)])
    except UsageError as error:
        raise click.UsageError(str(error)) from None
    if os.path.isdir(output) and fmt != "parquet":
        raise click.UsageError(f"-o {output} is a folder: only --format parquet writes one")
    options = Options(
        lang=lang, include_delivered=include_delivered, include_vacation=include_vacation,
        rules=rule_paths, jobs=jobs or default_jobs(), **limits,
    )
    errors: list[tuple[str, str, str]] = []
    if dasked:
        analysis = on_dask(paths, options, scheduler, fmt, output, only, dedupe, db_path, jobs, quiet)
        if fmt == "parquet":  # the rows are in the files: only error records come back
            fmt, output, only = "csv", os.devnull, None
    with opened_history(db_path, db_password(db_password_env), durable=False) as store:
        if store is None and not dasked:
            analysis = library_call(run_analysis, paths, options)
        elif store is not None:
            # Each message is committed to the history, whole, before its rows are written:
            # the output never shows a row the history does not hold.
            from .history import analyze_into

            analysis = library_call(analyze_into, paths, options, store)
        if not dasked:  # on a cluster, the cluster's own progress (on_dask)
            start_progress(quiet, "analysing:", "messages", lambda: analysis.stats.read, paths)
        with opened_output(output, bom=wants_bom(bom, fmt, output)) as out:
            writer = make_writer(fmt, out)
            # The history gets every row, whatever --only/--dedupe leave for the output.
            for item in select_rows(analysis, only=only, dedupe=dedupe):
                if isinstance(item, MessageError):
                    errors.append((item.source, item.stage, item.error))
                    say_not_analysed(item)
                    continue
                writer.write(item)
            writer.close()
        stop_progress()
    if errors_path:
        with opened_output(errors_path, bom=wants_bom(bom, "csv", errors_path)) as out:
            write_errors_csv(out, errors)
    if not quiet:
        click.echo(f"bounce-analyzer: {analysis.stats.summary()}", err=True)
    if strict and errors:
        ctx.exit(1)


def on_dask(paths: tuple[str, ...], options: Any, scheduler: str | None, fmt: str, output: str,
           only: str | None, dedupe: bool, db_path: str | None, jobs: int | None, quiet: bool) -> Any:
    """analyze --scheduler / --format parquet: the analysis by bounce_analyzer.dask, its rows
    (or, for parquet, its error records), with failures of the cluster as one line."""
    from . import progress

    for given, name in ((db_path, "--db"), (jobs, "--jobs"), (fmt == "parquet" and dedupe, "--dedupe")):
        if given:
            raise click.UsageError(f"{name} cannot be used with --scheduler or --format parquet")
    if fmt == "parquet" and output == "-":
        raise click.UsageError("--format parquet writes a folder: name it with -o FOLDER")
    try:
        from . import dask as on_cluster
    except ImportError as error:
        raise click.ClickException(f"{error}: install the extra, pip install 'bounce-analyzer[dask]'") from None
    shown = progress.wanted(quiet)
    try:
        if fmt == "parquet":
            analysis = library_call(lambda: on_cluster.analyze_to_parquet(
                paths, options, output, scheduler, only=only, progress=shown))
        else:
            address = scheduler or ""  # given: only parquet runs without a cluster
            analysis = library_call(lambda: on_cluster.analyze_on_cluster(
                paths, options, address, progress=shown))
    except FileNotFoundError as error:
        raise click.UsageError(str(error)) from None

    inner = analysis.items

    def items() -> Iterator[Any]:
        try:
            yield from inner
        except Exception as error:  # noqa: BLE001 - a worker's failure, the scheduler gone
            raise click.ClickException(f"the cluster failed: {type(error).__name__}: {error}") from None

    analysis.items = items()
    return analysis


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
def inspect(path: str) -> None:
    """Show how a message parses: headers, MIME tree, defects, Received chain, extractor.

    For working out why a bounce was classified as it was. PATH is one message file (an mbox:
    its first message).
    """
    from .inspection import inspect_file

    # Message text shown escaped (README "Terminal safety"); a closed pipe ends it quietly.
    out = GuardedOutput(SafeStream(sys.stdout), "standard output")  # type: ignore[arg-type]
    library_call(inspect_file, path, out)
    out.flush()


@main.command()
@click.argument("text")
@lang_option
@rules_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@click.option("--command", "smtp_command", default="",
              help="The SMTP command the text answered (RCPT, DATA, ...), when known.")
@click.option("--remote-mta", default="", help="The host that said it, for provider rules.")
def explain(text: str, lang: str, rule_paths: tuple[Path, ...], fmt: str, smtp_command: str,
            remote_mta: str) -> None:
    """Explain one server reply: reason, hard or soft, rule, explanation and advice.

    TEXT is what the server said, e.g. "550 5.1.1 <a@example.com>: User unknown". Prints
    the codes found in it, the reason, hard or soft, permanent or not, the rule that
    decided, and an explanation with advice. TEXT '-' reads it from standard input (a long
    diagnostic, or one holding quotes).
    """
    if text == "-":
        text = sys.stdin.read().strip()
        if not text:
            raise click.UsageError("explain -: standard input is empty (give the server's reply there)")
    from .api import classify

    fields = library_call(
        lambda: classify(text, lang=lang, command=smtp_command, remote_mta=remote_mta, rules=rule_paths)
    ).as_dict()
    if fmt == "json":  # real types, as the API's Explanation.as_dict (README "JSON types")
        import json

        click.echo(json.dumps(fields, ensure_ascii=False, indent=1))
        return
    width = max(len(name) for name in fields)
    for name, value in fields.items():
        written = str(value).lower() if isinstance(value, bool) else str(value or "")
        click.echo(f"{name.ljust(width)}  {shown(written) or '-'}")  # escapes shown (terminal.py)


@main.group()
def rules() -> None:
    """List the rule set, or check rule files."""


@rules.command("list")
@click.option("--reason", help="Only rules and table entries giving this reason.")
@rules_option
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True,
              help="Output format.")
def rules_list(reason: str | None, rule_paths: tuple[Path, ...], fmt: str) -> None:
    """Every rule and code-table entry, in precedence order."""
    from dataclasses import asdict

    from .rulecache import load_cached
    from .rules import list_rules

    for info in library_call(lambda: list_rules(load_cached(tuple(str(p) for p in rule_paths)), reason)):
        if fmt == "jsonl":
            import json

            click.echo(json.dumps(asdict(info), ensure_ascii=False))
        else:
            click.echo(shown(f"{info.id:<40} {info.reason:<15} {info.kind:<8} {info.source}"))


@rules.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@rules_option
def rules_check(paths: tuple[Path, ...], rule_paths: tuple[Path, ...]) -> None:
    """Validate the built-in rules and rule files or folders PATH... (or --rules PATH, as the
    other commands take them); report conflicts.

    Exits 1 when any problem is found: unknown key, duplicate id, bad pattern, unknown
    reason, a rule with no primary source, an example of your rule that its pattern does not
    match, two rules of equal priority that match the same example with different reasons, or
    a problem in the meaning tier's word lists.
    """
    from . import meaning
    from .rules import Problem, RuleError, builtin_dir, check, collect, normalise_text

    problems = check((*paths, *rule_paths))
    # A user's examples are what the rule is for: each must be matched by its own pattern.
    ruleset, _ = collect((*paths, *rule_paths))
    problems.extend(
        Problem(rule.file, rule.id, f"its pattern does not match its example {example[:80]!r}")
        for rule in ruleset.rules if rule.user
        for example in rule.examples if not rule.pattern.search(normalise_text(example))
    )
    try:  # the meaning tier's word lists, read without the cache
        meaning.build(builtin_dir() / "meaning", sorted((builtin_dir() / "meaning").glob("*.toml")))
    except RuleError as error:
        problems.extend(error.problems)
    for problem in problems:
        click.echo(shown(str(problem)))
    click.echo(f"{len(problems)} problems", err=True)
    if problems:
        raise SystemExit(1)


def library_call(func: Callable[..., Any], *args: Any) -> Any:
    """Run a library function, turning its errors about the user's input into one line.

    Broken rule data given with --rules is a usage error (exit status 2), with every problem
    on the one line; other input errors exit with status 1.
    """
    from .rules import RuleError

    try:
        return func(*args)
    except RuleError as error:
        problems = "; ".join(str(problem) for problem in error.problems)
        raise click.UsageError(f"bad rule data: {problems}") from None
    except (ValueError, OSError) as error:
        raise click.ClickException(str(error)) from None


@contextmanager
def opened_history(
    db_path: str | None, password: str | None, *, readonly: bool = False, durable: bool = True,
    default: bool = False,
) -> Iterator[Any]:
    """The history database of --db (None without --db, unless `default`: then the default
    history), closed at the end; its errors (cannot open, damaged, full, read-only) become one
    line and exit status 1."""
    if not db_path and not default:
        yield None
        return
    from .store import StoreError, open_store

    try:
        store = open_store(db_path or None, readonly=readonly, password=password, durable=durable)
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    try:
        yield store
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    finally:
        store.close()


@main.command()
@click.argument("source")
@db_option
@output_options()
@lang_option
@rules_option
@click.option("--move-to", metavar="FOLDER",
              help="Move each message with verdicts to FOLDER once its rows are stored "
              "(Maildir: the Maildir++ subfolder .FOLDER, or a path when FOLDER has a '/').")
@click.option("--mark-seen", is_flag=True,
              help="Flag each message with verdicts as seen once its rows are stored (instead of moving).")
@click.option("--error-folder", metavar="FOLDER",
              help="Move messages that could not be analysed to FOLDER (default: leave them; "
              "they are recorded and not retried).")
@click.option("--watch", type=click.FloatRange(min=1), metavar="SECONDS",
              help="Keep scanning every SECONDS until interrupted (SIGINT/SIGTERM stop cleanly).")
@click.option("--password-env", metavar="VAR",
              help="IMAP: read the password from environment variable VAR (default: prompt).")
@click.option("--cafile", type=click.Path(exists=True, dir_okay=False), metavar="FILE",
              help="IMAP: trust only the CA certificates in FILE (PEM), for a server whose "
              "certificate a private CA signed [default: the system's CAs].")
@db_password_option("--db-password-env")
@click.option("--retry-errors", is_flag=True,
              help="Analyse again the messages recorded with an error (a limit, a parse failure) "
              "still in SOURCE; those that now succeed are moved or flagged as usual.")
@click.option("-q", "--quiet", is_flag=True,
              help="No progress bar, no line per --watch round, no summary on standard error.")
@bom_option
@click.option("--include-delivered", is_flag=True,
              help="Also write rows of delivered recipients (the history keeps them anyway).")
@click.option("--include-vacation", is_flag=True,
              help="Also write rows of auto-replies (the history keeps them anyway).")
@limit_options
def scan(
    limits: dict[str, Any],
    include_delivered: bool,
    include_vacation: bool,
    source: str,
    db_path: str | None,
    fmt: str,
    output: str,
    lang: str,
    rule_paths: tuple[Path, ...],
    move_to: str | None,
    mark_seen: bool,
    error_folder: str | None,
    watch: float | None,
    password_env: str | None,
    cafile: str | None,
    db_password_env: str | None,
    retry_errors: bool,
    quiet: bool,
    bom: bool | None,
) -> None:
    """Scan a bounces mailbox for new messages and store their verdicts in the history.

    SOURCE is a Maildir path, or imap://user@host[:port]/FOLDER (STARTTLS when the server
    offers it) or imaps://user@host[:port]/FOLDER. Each message is analysed once; its rows are
    committed to the history database before it is moved or flagged, so an interrupted scan
    loses nothing and stores nothing twice. Messages that are not bounces are left alone. The
    rows of new messages are also written to the output.
    """
    import os
    import ssl

    from .pipeline import MessageError, Options
    from .report import make_writer
    from .scan import (
        AuthenticationError,
        ImapTarget,
        ScanError,
        ScanOptions,
        ScanStats,
        SourceError,
        Stopper,
        check_source,
        is_imap_url,
        open_source,
        prompt_password,
        tls_context,
    )
    from .scan import scan as run_scan
    from .store import StoreError, open_store

    if move_to and mark_seen:
        raise click.UsageError("--move-to and --mark-seen exclude each other; choose one")
    try:
        check_source(source)  # before the history is opened: a typo creates nothing
    except SourceError as error:
        raise click.UsageError(str(error)) from None
    if cafile:
        if not is_imap_url(source):
            raise click.UsageError("--cafile is for an IMAP source (imap:// or imaps://)")
        try:
            tls_context(cafile)
        except (ssl.SSLError, OSError) as error:
            raise click.UsageError(f"--cafile {cafile}: not a file of PEM CA certificates ({error})") from None

    def password(target: ImapTarget) -> str:
        if password_env:
            if password_env not in os.environ:
                raise click.UsageError(f"environment variable {password_env} is not set (--password-env)")
            return os.environ[password_env]
        if not sys.stdin.isatty():
            raise click.UsageError("no password: use --password-env VAR (standard input is not a terminal)")
        return prompt_password(target)

    options = ScanOptions(
        move_to=move_to or "", mark_seen=mark_seen, error_folder=error_folder or "",
        retry_errors=retry_errors,
        analysis=Options(lang=lang, rules=rule_paths, include_delivered=include_delivered,
                         include_vacation=include_vacation, **limits),
    )
    counter = ScanCounter()
    stop = Stopper()

    def log_round(number: int, stats: ScanStats) -> None:
        # --watch: a line per round, so that a service's log shows it is alive and what it did.
        if not quiet and watch is not None:
            say(f"bounce-analyzer: {shown(mailbox.id)}: round {number}: {stats.summary()}")

    restore = stop.install()
    run = None
    try:
        store = open_store(db_path, password=db_password(db_password_env))
        try:
            mailbox = open_source(source, password, cafile=cafile)
            run = run_scan(mailbox, store, options, watch=watch, stop=stop, progress=counter,
                           on_round=log_round)
            start_progress(quiet, "scanning:", "messages", lambda: counter.done,
                           fraction=lambda: (counter.done, counter.total))
            with opened_output(output, whole=watch is None, bom=wants_bom(bom, fmt, output)) as out:
                writer = make_writer(fmt, out)
                for item in run:
                    if isinstance(item, MessageError):
                        say_not_analysed(item)
                        continue
                    writer.write(item)
                    out.flush()  # with --watch, rows appear as they are stored
                writer.close()
        finally:
            store.close()
    except AuthenticationError as error:
        raise LoginRefused(str(error)) from None
    except WriteFailed as error:
        if run is not None and run.stats.new:
            # Their rows are in the history (summary --db, suppress --db), not in the output.
            stored = f" ({run.stats.new} messages analysed before it are stored in the history)"
            raise click.ClickException(error.format_message() + stored) from None
        raise
    except (ScanError, StoreError, OSError) as error:
        raise click.ClickException(str(error)) from None
    finally:
        restore()
        stop_progress()
    if not quiet:
        click.echo(f"bounce-analyzer: {mailbox.id}: {run.stats.summary()}"
                   + (" (stopped by signal)" if stop.is_set() else ""), err=True)


class LoginRefused(click.ClickException):
    """Exit status 2, like a usage error: the user name or password given needs fixing."""

    exit_code = 2


class ScanCounter:
    """Where the current pass of a scan is (messages done, messages in it), for the progress bar."""

    def __init__(self) -> None:
        self.done = self.total = 0

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total


# -- reports over many rows: summary and suppression list ------------------------------------


def report_sources(func: F) -> F:
    """PATH... or --db: where the rows of a report come from (one of the two); -q."""
    func = click.option("-q", "--quiet", is_flag=True, help="No progress bar on standard error.")(func)
    func = bom_option(func)
    func = rules_option(func)
    func = db_password_option()(func)
    func = click.option(
        "--db", "db_path", metavar="FILE|URL",
        help="Read the rows from this history database (a SQLite file or postgresql:// URL, "
        "written by scan or analyze --db), read-only [default without PATH: the history scan "
        "writes by default].",
    )(func)
    return click.argument("paths", nargs=-1, metavar="PATH...")(func)


@contextmanager
def report_events(
    paths: tuple[str, ...], db_path: str | None, password_env: str | None, options: Any,
    since: Any = None, *, quiet: bool = False, verb: str = "reading:",
) -> Iterator[Any]:
    """The events of a report's input: PATH..., or the history (--db, else the default one,
    opened read-only); counted on a progress bar unless quiet."""
    import os

    from .ingest import UsageError, check_paths
    from .summary import load_events

    if paths and db_path:
        raise click.UsageError("give either PATH... or --db FILE")
    counter = [0]
    if paths:
        try:
            check_paths(paths)
        except UsageError as error:
            raise click.UsageError(str(error)) from None
        start_progress(quiet, verb, "rows", lambda: counter[0], paths)
        yield counted(load_events(paths, options=options, since=since, on_error=say_not_analysed), counter)
        stop_progress()
        return
    if db_path and "://" not in db_path and not os.path.exists(db_path):
        raise click.UsageError(f"no such history database: {db_path}")
    with opened_history(db_path, db_password(password_env), readonly=True, default=True) as store:
        start_progress(quiet, verb, "rows", lambda: counter[0])
        yield counted(load_events((), db=store, since=since), counter)
        stop_progress()


@main.command()
@report_sources
@output_options(formats=("table", "json", "csv"), default="table")
@lang_option
@click.option("--since", metavar="DATE", help="Only bounces dated on or after DATE (2026-11-01 or an ISO time).")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many domains, remote MTAs and diagnostics to list.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False),
              help="Also write the report with charts as one self-contained HTML file.")
def summary(paths: tuple[str, ...], db_path: str | None, db_password_env: str | None,
            rule_paths: tuple[Path, ...], fmt: str, output: str, lang: str, since: str | None, top: int,
            html_path: str | None, quiet: bool, bom: bool | None) -> None:
    """Counts by reason, hard/soft, domain, remote MTA and day, and the most frequent diagnostics.

    Reads PATH..., or the history database (--db, or without PATH the default history)."""
    from .html_report import render_html
    from .pipeline import Options
    from .summary import explainer, parse_since, summarise, write_summary

    try:
        start = parse_since(since) if since else None
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    with report_events(paths, db_path, db_password_env, Options(lang=lang, rules=rule_paths), start,
                       quiet=quiet, verb="summarising:") as events:
        result = library_call(summarise, events, None if paths else explainer(lang, rule_paths))
    with opened_output(output, bom=wants_bom(bom, fmt, output)) as out:
        write_summary(result, fmt, out, top=top)
    if html_path:
        with opened_output(html_path) as out:
            out.write(render_html(result, lang=lang, top=top))


@main.command()
@report_sources
@output_options(formats=("csv", "jsonl"), default="csv")
@click.option("--soft-limit", type=click.IntRange(min=1), default=3, show_default=True,
              help="Soft bounces within the window that suppress an address.")
@click.option("--window", type=click.FloatRange(min=0), default=14, show_default=True, metavar="DAYS",
              help="The window for --soft-limit, in days.")
def suppress(paths: tuple[str, ...], db_path: str | None, db_password_env: str | None,
             rule_paths: tuple[Path, ...], fmt: str, output: str, soft_limit: int, window: float,
             quiet: bool, bom: bool | None) -> None:
    """The addresses to stop sending to, one row each, with why (policy: see the README).

    Reads PATH..., or the history database (--db, or without PATH the default history)."""
    from datetime import timedelta

    from .pipeline import Options
    from .suppression import Policy, suppression_list, write_suppression

    policy = Policy(soft_limit=soft_limit, window=timedelta(days=window))
    # Deliveries matter to the policy (a delivery after a bounce keeps the address).
    options = Options(include_delivered=True, rules=rule_paths)
    with report_events(paths, db_path, db_password_env, options, quiet=quiet, verb="reading:") as events:
        decisions = library_call(suppression_list, events, policy)
    with opened_output(output, bom=wants_bom(bom, fmt, output)) as out:
        write_suppression(decisions, fmt, out)
