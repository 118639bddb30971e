"""Engine-wide basics: errors, the integer timeline, paths, progress. No Qt, no torch."""
