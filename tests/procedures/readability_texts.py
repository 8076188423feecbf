"""Sample texts for the reading grade tests: one a patient reads easily, one they do not."""

# About grade 0: short sentences, everyday words (47 words).
PLAIN = (
    "We put a thin tube in your back. It takes about an hour. You can go home the same "
    "day. Most people feel less pain soon after. Rest for a day or two. Then walk a bit "
    "more each day. Call us if you have a fever."
)
# About grade 38: one sentence of clinical vocabulary (34 words).
DENSE = (
    "Percutaneous vertebroplasty, an image-guided interventional radiological procedure, "
    "involves the transpedicular injection of polymethylmethacrylate cement into "
    "osteoporotic vertebral compression fractures, consequently stabilizing "
    "microarchitectural instability and substantially ameliorating intractable "
    "nociceptive symptomatology refractory to conservative pharmacological management."
)
SHORT = "Call us if you have a fever."
