"""The director on a real show: queue, eSpeak look-ahead, photo avatar, compositor."""

import time

import numpy as np


def rms(pcm: np.ndarray) -> float:
    return float(np.sqrt(np.mean(pcm.astype(np.float64) ** 2))) if len(pcm) else 0.0


def test_plays_the_queue_with_sound_and_pictures(director) -> None:
    fps = director.fps
    loud = 0
    for i in range(400):
        pcm = director.audio(i)
        assert len(pcm) == fps.samples_in_frame(i) and pcm.dtype == np.int16
        loud += rms(pcm) > 500
        if i % 100 == 0:
            frame = director.video(i)
            assert frame.shape == (1280, 720, 3)
    assert loud > 200  # most of 16 s is speech
    assert director.items_played >= 1 and director.items_failed == 0
    assert director.queue.history(5)  # the queue moved on and was persisted


def test_urgent_insert_cuts_at_a_word_boundary_and_plays_next(director) -> None:
    for i in range(40):
        director.audio(i)
        if i % 10 == 0:
            director.video(i)
    director.queue.insert("插播：欢迎新来的朋友，点个关注！", urgent=True)
    heard = []
    for i in range(40, 200):
        heard.append(rms(director.audio(i)))
    assert director.interrupt_latency_frames, "the item on air was not cut"
    latency = director.interrupt_latency_frames[0]
    assert latency <= 25  # insert -> its first frame on the timeline: under a second
    history = [e.describe() for e, how in director.queue.history(5)]
    assert any("插播" in h for h in history) or "插播" in director.now_playing
    # The fade: no click at the cut (the last frame before the gap is quieter than speech).
    assert min(heard[: latency + 3]) < 3000
    assert max(heard[latency + 3 :]) > 1000  # the insert is heard afterwards


def test_audio_and_picture_come_from_the_same_decision(director) -> None:
    """Frames with sound have a subtitle on screen; silent idle frames do not."""
    band = slice(int(1280 * 0.78), int(1280 * 0.9))
    with_sub, without_sub = [], []
    for i in range(120):
        pcm = director.audio(i)
        frame = director.video(i)
        dark_box = (frame[band].max(axis=2) < 60).mean()
        (with_sub if rms(pcm) > 800 else without_sub).append(dark_box)
    assert with_sub and np.mean(with_sub) > 0.05


def test_a_render_fault_repeats_the_last_picture(director) -> None:
    good = director.video(0)
    real = director.avatar

    class Broken:
        def render(self, *a):
            raise RuntimeError("simulated GPU fault")

    director.avatar = Broken()
    try:
        again = director.video(1)
    finally:
        director.avatar = real
    assert director.render_errors == 1
    assert again is good
    assert len(director.audio(1)) == director.fps.samples_in_frame(1)


def test_a_product_with_a_try_on_asset_dresses_the_avatar(director, show_store) -> None:
    torso = (slice(800, 1000), slice(200, 520))
    before = director.video(0)[torso].astype(int)
    director.show_product(show_store.product("轻薄羽绒服"))  # names ../garments/jacket.png
    change = []
    # The jacket is fitted off the render thread, then faded in: draw frames until it has
    # been on for 20 frames (a loaded machine fits slower; the fade counts frames, not time).
    deadline, on = time.monotonic() + 60.0, 0
    i = 0
    while on < 20 and time.monotonic() < deadline:
        i += 1
        change.append(np.abs(director.video(i)[torso].astype(int) - before).mean())
        on += bool(change[-1] - change[0] > 0.5 or on)
        time.sleep(0.02)
    # The card comes at once; the jacket covers the suit over the next frames, in steps.
    assert change[-1] - change[0] > 20
    steps = np.diff(change)
    assert (steps > 0.5).sum() >= 5 and steps.max() < 15
    assert director._product is not None and director._product.name == "轻薄羽绒服"
