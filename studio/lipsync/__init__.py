"""Speech -> mouth: viseme tables, mouth trajectories, audio->mouth models."""
