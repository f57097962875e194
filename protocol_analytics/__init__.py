"""Compare the governance protocols of councils clause by clause."""

__version__ = "0.1.0"
