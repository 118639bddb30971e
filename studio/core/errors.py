"""One error family with a user-facing message and a hint, so the CLI and GUI can
tell the user what went wrong *and what to do*, and map failures to exit codes."""

from __future__ import annotations


class ExitCode:
    """CLI exit codes (documented in README)."""

    OK = 0
    ERROR = 1  # a required piece is missing, or an unexpected failure
    USAGE = 2  # bad command line or bad input file
    INTERRUPTED = 130  # Ctrl-C (SIGINT)
    TERMINATED = 143  # SIGTERM (kill, a service manager), 128 + 15 as shells report it


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread like Ctrl-C so every ``with``/``finally`` runs:
    half-built avatars and partial output files are removed instead of left behind.
    A ``KeyboardInterrupt`` so ``except Exception`` never swallows it."""


class StudioError(Exception):
    """Base of every error Studio reports to a user."""

    exit_code: int = ExitCode.ERROR

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n  hint: {self.hint}" if self.hint else self.message


class InputError(StudioError):
    """The user's input (a file, a text, an option) cannot be used."""

    exit_code = ExitCode.USAGE


class ConfigError(InputError):
    """A configuration file or setting is invalid."""


class DependencyError(StudioError):
    """A required package, model, font or codec is not available on this machine."""


class FaceNotFoundError(InputError):
    """No usable face where one is required."""
