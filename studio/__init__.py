"""Studio: a desktop digital-human livestream studio."""

__version__ = "0.1.0"
