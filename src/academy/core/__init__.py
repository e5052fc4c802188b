"""The core, stages 1–4: load → validate → grade → certify, and the words they share.

It never imports the site, CI or the commands (``make lint`` checks it).
"""
