"""The command's cycle collector (collector.py): paused for start-up, then run with a larger
youngest generation; the library, which never pauses it, leaves it as it found it. Each case
runs in a process of its own, so the test run's own collector is not touched."""

from __future__ import annotations

import subprocess
import sys

import pytest

SCRIPT = """
import gc
from bounce_analyzer import collector
before = gc.get_threshold()
if {paused}:
    collector.pause()
    assert not gc.isenabled()
collector.resume()
print(gc.isenabled(), gc.get_threshold()[0], before[0], collector.COMMAND_THRESHOLD)
"""


@pytest.mark.parametrize("paused", [True, False])
def test_only_the_command_s_collector_is_tuned(paused: bool) -> None:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(paused=paused)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    enabled, threshold, before, command = out[0], int(out[1]), int(out[2]), int(out[3])
    assert enabled == "True"
    assert threshold == (command if paused else before)
    assert command > before  # collected less often than the interpreter's default
