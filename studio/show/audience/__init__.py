"""The audience: viewer events in, grounded answers out (no threads, no database here).

``events`` (the event model, the replay file), ``privacy`` (masked names, hashed ids),
``textnorm`` and ``banned`` (what filters read: folding, pinyin and look-alike evasions),
``faq`` (the merchant's facts and questions), ``intents`` and ``nlu`` (what a comment
asks, about which product), ``answers`` (templates filled from the catalogue and the FAQ,
checked like script lines), ``interest`` (which products are asked about) and
``respond`` (the decisions: filters, rate limits, caps, grouping, the stale rule). The
room wires it to the show queue in ``studio.runtime.audience``.
"""
