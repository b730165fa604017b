"""The `bounce-analyzer` command's entry point (console script and `python -m bounce_analyzer`).

The cycle collector is paused for the start-up (collector.py), and dataclasses take their
generated methods from the machine's cache (classcode.py), before anything else is imported.
"""

from . import classcode, collector


def run() -> None:
    collector.pause()
    classcode.install()
    from .cli import run as command

    command()


if __name__ == "__main__":
    run()
