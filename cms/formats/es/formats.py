"""Spanish number formats for the site's country, from CLDR (Babel).

Django's Spanish formats are Spain's: "1 234,50", a comma before the decimals. The site
writes for Spanish speakers in the United States (`SITE_COUNTRY`), who read amounts in
dollars with a decimal point: CLDR's es-US, like MedlinePlus en español, writes
"$1,234.50". A comma-decimal "$1 234,50" beside a dollar sign is easy to misread as a
price a thousand times smaller. Dates stay Django's Spanish ("7 de diciembre de 2026").
"""

from babel import Locale

from django.conf import settings

_LOCALE = Locale("es", settings.SITE_COUNTRY)

DECIMAL_SEPARATOR = _LOCALE.number_symbols["latn"]["decimal"]
THOUSAND_SEPARATOR = _LOCALE.number_symbols["latn"]["group"]
NUMBER_GROUPING = 3
