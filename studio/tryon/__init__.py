"""Virtual try-on: garment and accessory assets, fitted to the avatar per base frame.

An asset (PNG with alpha) gets anchor points (found from its mask, ``anchors`` and
``accessory_anchors``, or given in a sidecar JSON); a fit maps those anchors onto the
avatar's body and face keypoints for every stored base frame, once, so that live
rendering is one warp and one blend per frame.

Use from a show (the render thread)::

    track = BodyTrack(face_landmarks, body_keypoints, (w, h))    # (N,478,2), (N,33,3)
    layer = TryOnLayer(track, fps, frames=base_frame, base=scene_outfit)
    layer.prepare(load_asset(path))               # ahead, e.g. when a product is queued
    layer.show_product(product.tryon_asset, frame_no)   # cross-fades to it
    frame = compositor.compose(frame_no, avatar, alpha,
                               tryon=layer.render(frame_no, base_index), ...)

A one-photo avatar: ``photo.photo_tryon_layer(plate, face_points, fps, assets)``.
"""
