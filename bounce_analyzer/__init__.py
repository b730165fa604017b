"""bounce-analyzer: one verdict per failed recipient of a bounce message, with its reasons."""

__version__ = "0.1.0"
