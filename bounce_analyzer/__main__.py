"""The `bounce-analyzer` command's entry point (console script and `python -m bounce_analyzer`).

The cycle collector is paused for the start-up (collector.py), before anything is imported.
"""

from . import collector


def run() -> None:
    collector.pause()
    from .cli import run as command

    command()


if __name__ == "__main__":
    run()
