"""The demo year's chance and calendar, in plain Python (no ORM): who performs how in which
month, the realisations and ratings that follow, working days and the attendance of a month.

Chance is seeded (:func:`rng`): every installation plays the same year. The story's inputs
(who usually excels or struggles, the texts people write, the attendance rates) are read from
``demo/story.json`` by the player and passed in as ``story``.
"""

import datetime
import math
import random

ONE_DAY = datetime.timedelta(days=1)
# The month's form of an employee: the factor applied to the monthly targets.
FORM_FACTORS = {
    "excellent": (1.08, 1.25),
    "good": (1.0, 1.15),
    "normal": (0.86, 1.14),
    "weak": (0.55, 0.86),
}
# Chance of a finding on a "zero findings" (negative, target 0) line; on a counted negative
# line with a target, 20 points more of one finding above the target.
FINDING_CHANCE = {"excellent": 0.0, "good": 0.05, "normal": 0.12, "weak": 0.4}
RATING_ABOVE, RATING_MEETS, RATING_BELOW = "above", "meets", "below"
BEHAVIOUR_VALUES = 7
# Units measured as a level (rate, index, percentage): every month has the annual value.
LEVEL_UNITS = {"persen", "indeks", "nilai", "tahun", "per 100.000 KH"}


def rng(*parts):
    """A random generator seeded by ``parts``: the same demo at every installation."""
    return random.Random("|".join(str(part) for part in parts))


def date_range(first, last):
    day = first
    while day <= last:
        yield day
        day += ONE_DAY


def working_day(day, offset=0):
    """The working day (Monday to Friday) ``offset`` working days after ``day`` (``day``
    itself, or the next Monday, for 0)."""
    while day.weekday() >= 5:
        day += ONE_DAY
    step = 1 if offset >= 0 else -1
    for _i in range(abs(offset)):
        day += ONE_DAY * step
        while day.weekday() >= 5:
            day += ONE_DAY * step
    return day


def moment(day, minute):
    """A naive local moment ``minute`` minutes after midnight of ``day`` (the timeline of the
    played month; nothing stores it)."""
    return datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(minutes=minute)


# ----------------------------------------------------------------------------------------------
# Performance
# ----------------------------------------------------------------------------------------------
def profile_of(story, login):
    performance = story["performance"]
    if login in performance["excellent"]:
        return "excellent"
    if login in performance["weak"]:
        return "weak"
    return "normal"


def month_form(story, year, login, month):
    """The form of ``login`` in ``month``: mostly the profile, with good and bad months."""
    profile = profile_of(story, login)
    chance = rng("form", year, month, login).random()
    if profile == "excellent":
        return "good" if chance < 0.15 else "excellent"
    if profile == "weak":
        return "normal" if chance < 0.25 else "weak"
    return "weak" if chance < 0.06 else "good" if chance < 0.16 else "normal"


def realisation(story, line, month, form, random_):
    """``(realisation, note)`` of a measured line in ``month`` for an employee in ``form``.

    ``line``: a mapping with the line's ``target``, ``target_max``, ``polarity``, ``unit``,
    ``code`` and ``counted`` (the monthly targets add up to a whole annual target)."""
    target, polarity = line["target"], line["polarity"]
    factor = random_.uniform(*FORM_FACTORS[form])
    if polarity == "boolean":
        return 1.0, None  # a milestone is done in the months it is due
    if polarity == "negative":
        return _negative_realisation(story, line, month, form, factor, random_)
    note = None
    if form == "weak" and random_.random() < 0.6:
        note = random_.choice(story["notes_short"])
    if polarity == "range":
        low, high = target, line["target_max"] or target
        if form == "weak":
            return round(low * factor, 1), note
        return round(random_.uniform(low + (high - low) * 0.1, high), 1), note
    if line["counted"]:
        raw = target * factor
        value = math.ceil(raw) if form == "excellent" else math.floor(raw + random_.random())
        if form != "weak":
            value = max(value, 1)
        return float(value), note
    value = target * factor
    if line["unit"] == "persen":
        value = min(value, 100.0)
    return round(value, 1 if line["unit"] == "persen" else 2), note


def _negative_realisation(story, line, month, form, factor, random_):
    """Findings, days late...: on target (or none) mostly, sometimes one more."""
    target = line["target"]
    if target and not line["counted"]:
        return round(target * (2 - factor), 2), None
    worse = FINDING_CHANCE[form] if not target else 0.2 + FINDING_CHANCE[form]
    better = 0.0 if not target else (0.35 if form in ("excellent", "good") else 0.15)
    chance = random_.random()
    value = target + (random_.choice((1, 1, 2)) if chance < worse else 0)
    if worse <= chance < worse + better:
        value = max(target - 1, 0)
    if month in story["performance"]["findings"].get(line["code"], ()):
        value = target + 1
    note = random_.choice(story["notes_finding"]) if value > target else None
    return float(value), note


def behaviour_ratings(story, year, login, month, form):
    """The appraiser's ratings of the seven BerAKHLAK values (in their order)."""
    random_ = rng("behaviour", year, month, login)
    if month in story["performance"]["misconduct"].get(login, ()):
        below = random_.choice((4, 5))
        ratings = [RATING_BELOW] * below + [RATING_MEETS] * (BEHAVIOUR_VALUES - below)
        random_.shuffle(ratings)
        return ratings
    above = {"excellent": 0.75, "good": 0.35, "normal": 0.1, "weak": 0.03}[form]
    below = {"excellent": 0.0, "good": 0.0, "normal": 0.03, "weak": 0.08}[form]
    ratings = []
    for _value in range(BEHAVIOUR_VALUES):
        chance = random_.random()
        ratings.append(
            RATING_ABOVE if chance < above else RATING_BELOW if chance > 1 - below else RATING_MEETS
        )
    return ratings


# ----------------------------------------------------------------------------------------------
# Attendance of a month
# ----------------------------------------------------------------------------------------------
def sick_days(story, year, month, days):
    """The working days of the month's sick leave (``days``: the month's working days)."""
    sick = story["attendance"]["sick_leave"]
    first = rng("sick", year, month).randint(3, max(3, len(days) - sick["days"] - 1))
    return days[first : first + sick["days"]]


def attendance(story, year, month, days, logins, hours_of, off):
    """The month's check-ins and check-outs: mostly on time, late arrivals in every TL band,
    early leaves in every PSW band, a few days without check-out, a few absences.

    ``days``: working days; ``logins``: the employees; ``hours_of(day)``: ``(start, end)``
    local hours; ``off``: ``{login: set of days}`` already away (sick leave). Return
    ``[(login, check_in, check_out or None)]`` in naive local time."""
    spec = story["attendance"]
    random_ = rng("attendance", year, month)
    off = {login: set(away) for login, away in off.items()}
    for login, count in spec["absent"].items():
        candidates = [d for d in days if d not in off.get(login, set())]
        off.setdefault(login, set()).update(random_.sample(candidates, count))
    no_check_out = {
        login: random_.choice([d for d in days if d not in off.get(login, ())])
        for login in spec["no_check_out"]
    }
    # One late arrival and one early leave in every band at least, wherever chance puts them.
    ordinary = [
        (login, day)
        for login in logins
        for day in days
        if day not in off.get(login, ()) and no_check_out.get(login) != day
    ]
    picked = random_.sample(ordinary, 8)
    forced_late = {pair: band for band, pair in enumerate(picked[:4])}
    forced_early = {pair: band for band, pair in enumerate(picked[4:])}
    rows = []
    for login in logins:
        profile = profile_of(story, login)
        person = rng("attendance", year, month, login)
        for day in days:
            if day in off.get(login, ()):
                continue
            start, end = (moment(day, hour * 60) for hour in hours_of(day))
            band = forced_late.get((login, day))
            if band is None and person.random() < spec["late_rate"][profile]:
                band = _band(spec, person)
            check_in = _check_in(spec, person, start, band)
            band = forced_early.get((login, day))
            if band is None and person.random() < spec["early_rate"][profile]:
                band = _band(spec, person)
            check_out = _check_out(spec, person, end, band)
            rows.append((login, check_in, None if no_check_out.get(login) == day else check_out))
    return rows


def _band(spec, person):
    return person.choices(range(4), weights=[b[2] for b in spec["late_minutes"]])[0]


def _check_in(spec, person, start, band):
    if band is None:
        return start - datetime.timedelta(seconds=person.randint(3 * 60, 28 * 60))
    low, high, _weight = spec["late_minutes"][band]
    return start + datetime.timedelta(
        minutes=person.randint(low, high), seconds=person.randint(0, 50)
    )


def _check_out(spec, person, end, band):
    if band is None:
        return end + datetime.timedelta(seconds=person.randint(0, 45 * 60))
    low, high, _weight = spec["late_minutes"][band]
    return end - datetime.timedelta(
        minutes=person.randint(low, min(high, 120)), seconds=person.randint(0, 50)
    )
