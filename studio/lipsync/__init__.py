"""Speech -> mouth: mouth trajectories from phonemes, audio->mouth models."""
