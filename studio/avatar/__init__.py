"""Avatars: from a photo or a video of a presenter to something that can be animated."""
