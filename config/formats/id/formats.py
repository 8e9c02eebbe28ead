# "2 Desember 2026", short "2 Des 2026" (the month names come from the catalogue).
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, H.i"
SHORT_DATETIME_FORMAT = "j M Y, H.i"
TIME_FORMAT = "H.i"
