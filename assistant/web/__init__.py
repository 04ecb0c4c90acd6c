"""The two web faces: the learners' widget (one script tag on any portal page) and the trainer console.
Everything they load is in `static/`: no CDN or web font is fetched at run time."""
