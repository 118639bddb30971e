"""The engine that wires show -> speech -> lip-sync -> render -> stream."""
