"""The compositor's layers, bottom to top: background, avatar, try-on, card, subtitles,
ticker, AI label. Each prepares its images when its content changes and only blends
per frame."""
