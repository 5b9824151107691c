"""English dates as the programme's English-speaking staff read them: day, month, year — "30 Nov 2026" —
never the American month first of Django's default ("Nov. 30, 2026", 11/30/2026), and a 24-hour clock,
as the Russian and Kazakh pages show. Only what differs from Django's English is set."""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "d M Y"
SHORT_DATETIME_FORMAT = "d M Y, H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
# What a date field accepts when typed, day first; the first is the one date fields show and
# explain (core.forms.DateInput). ISO is accepted too; month first (11/30/2026) never is.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y", "%d %b %Y", "%d %B %Y"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
