"""Date formats, one per language (``FORMAT_MODULE_PATH``): a date is written
the same way on every page, e-mail, PDF and export of a language — a day, the
month's name and the year, never an all-number date that reads differently in
English and Indonesian."""
