"""classcode: dataclasses' generated methods compiled once per machine, the same as exec's."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

# A fresh interpreter each time: install() changes the dataclasses module of the process it
# runs in, and "once per machine" is about the next process.
PROGRAM = textwrap.dedent(
    """
    import dataclasses
    from bounce_analyzer import classcode, patterns

    classcode.install()

    @dataclasses.dataclass(frozen=True, slots=True)
    class Point:
        x: int
        y: int = 2

    point = Point(1)
    assert point == Point(1, 2) and point != Point(2, 2)
    assert repr(point) == "Point(x=1, y=2)" and hash(point) == hash(Point(1, 2))
    try:
        point.x = 3
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("a frozen dataclass took an assignment")
    # compiled as dataclasses' own exec would: the return annotation is the object None,
    # not the string a `from __future__ import annotations` would have made of it
    assert Point.__init__.__annotations__["return"] is None
    print(sum(1 for key in patterns._used if key[1] == classcode._KIND))
    """
)


def run(cache: Path) -> int:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache))
    env.pop("BOUNCE_ANALYZER_NO_CACHE", None)
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout)


def test_methods_are_compiled_once_and_behave_as_dataclasses_own(tmp_path: Path) -> None:
    assert run(tmp_path) == 0  # nothing kept yet: compiled here, saved at exit
    assert list(tmp_path.glob("bounce-analyzer/patterns-*.bin"))
    # the next process takes every generated method from the file:
    # __init__, __repr__, __eq__, __setattr__, __delattr__, __hash__
    assert run(tmp_path) == 6
