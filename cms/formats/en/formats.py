"""English date formats for visitor pages, where Django's own differ from the site's style.

Templates format dates with `|date:"DATE_FORMAT"`, so each language writes them its own
way ("March 2, 2026", "2 de marzo de 2026"); Django's English default abbreviates months
("Mar. 2, 2026"). Formats not set here are Django's.
"""

DATE_FORMAT = "F j, Y"
