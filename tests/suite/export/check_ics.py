"""Parse an .ics file with the independent `icalendar` package and print
what a calendar app would see, as JSON, for tests/suite/export.rs to check.

Installs `icalendar` with pip when it is missing (exit 3 if that fails).
"""

import datetime
import json
import subprocess
import sys

try:
    import icalendar
except ImportError:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "icalendar"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    if done.returncode != 0:
        print("pip install icalendar failed: " + done.stderr, file=sys.stderr)
        sys.exit(3)
    import icalendar


def when(value):
    """('date', YYYYMMDD) or ('utc', YYYYMMDDTHHMMSSZ); UTC is required."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None or value.utcoffset() != datetime.timedelta(0):
            raise SystemExit("date-time not in UTC: %r" % (value,))
        return ["utc", value.strftime("%Y%m%dT%H%M%SZ")]
    return ["date", value.strftime("%Y%m%d")]


with open(sys.argv[1], "rb") as f:
    cal = icalendar.Calendar.from_ical(f.read())

events = []
for ev in cal.walk("VEVENT"):
    events.append(
        {
            "uid": str(ev["UID"]),
            "summary": str(ev["SUMMARY"]),
            "description": str(ev.get("DESCRIPTION", "")),
            "start": when(ev.decoded("DTSTART")),
            "end": when(ev.decoded("DTEND")),
            "stamp": when(ev.decoded("DTSTAMP")),
            "sequence": int(ev.get("SEQUENCE", 0)),
        }
    )

print(
    json.dumps(
        {
            "prodid": str(cal["PRODID"]),
            "version": str(cal["VERSION"]),
            "events": events,
        },
        ensure_ascii=False,
    )
)
