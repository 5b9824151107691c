"""English dates as the programme's English-speaking staff read them: day, month, year — "30 Nov 2026" —
never the American month first of Django's default ("Nov. 30, 2026", 11/30/2026), and a 24-hour clock,
as the Russian and Kazakh pages show. Only what differs from Django's English is set."""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "d M Y"
SHORT_DATETIME_FORMAT = "d M Y, H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
# What a date field accepts when typed: ISO first (the date picker sends it), then day first.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d %b %Y", "%d %B %Y"]
