"""One appraisal month of the demo, played through the public workflow methods as the people
who would act: each employee enters realisations and evidence and submits, the appraiser
returns (the return wizard) or rates and approves, HR closes the month after its cut-off.

Everything happens now (no clock is faked): the month's story is a timeline of simulated
moments that only orders the actions and says which of them have happened by today (a month
before its cut-off, the current month). A past month played after its cut-off would make
every submission late: HR first extends the month's cut-off to today (the catch-up of the
past months), the on-time part of the story is played, HR puts the cut-off back and the
rest follows, late submissions included, up to the close.
"""

from collections import defaultdict

from odoo import Command
from odoo.addons.iki_performance.engine.constants import BERAKHLAK

from . import story as chance
from .evidence_files import MONTH_NAMES, evidence_extension, evidence_stem, render


def as_user(records, user):
    """``records`` as ``user`` works on them: his rights, his language, his time zone."""
    return records.with_user(user).with_context(lang=user.lang, tz=user.tz)


def agency_name(department):
    """The agency of a unit, else the top of its tree (the province)."""
    if department.iki_agency_id:
        return department.iki_agency_id.name
    while department.parent_id:
        department = department.parent_id
    return department.name


class DemoMonth:
    """The story of one month (``period``, open, with its appraisals generated)."""

    def __init__(self, period, story, evidence_cache, today, now, hr_user):
        self.env = period.env
        self.hr_user = hr_user
        self.period = period
        self.year, self.month = period.year, period.month
        self.story = story
        self.evidence_cache = evidence_cache  # (login, indicator code, month) -> (name, data)
        self.today, self.now = today, now
        appraisals = period.appraisal_ids.sorted("id")
        appraisals.fetch(["employee_id", "state", "line_ids", "behaviour_ids", "appraiser_id"])
        self.appraisals = list(appraisals)
        self.login = {a: a.employee_id.user_id.login for a in self.appraisals}
        self.has_team = {a for a in self.appraisals if a.employee_id.child_ids}
        self.form = {
            a: chance.month_form(story, self.year, self.login[a], self.month)
            for a in self.appraisals
        }
        self.random = chance.rng("month", self.year, self.month)
        self.events = []

    # -- the employee's work -----------------------------------------------------------------
    def measured_lines(self, appraisal):
        return appraisal.line_ids.filtered("is_measured").sorted(
            lambda line: (line.kind != "utama", line.plan_line_id.sequence, line.id)
        )

    def line_facts(self, line):
        indicator = line.indicator_id
        return {
            "target": line.target,
            "target_max": line.target_max,
            "polarity": line.polarity,
            "unit": indicator.unit,
            "code": indicator.code,
            "counted": indicator.target_spread == "sum" and float(line.target).is_integer(),
        }

    def evidence(self, line, value, extra=None):
        """``[(file name, bytes)]``: the evidence of ``line`` for the month (as many files as
        its indicator requires, of an allowed type); ``extra`` names one corrected file."""
        indicator, employee = line.indicator_id, line.appraisal_id.employee_id
        kind = evidence_extension(indicator.evidence_file_types, indicator.evidence_note)
        if not kind:
            return []
        stem = "%s_%s_%02d" % (
            evidence_stem(indicator.name, indicator.code, indicator.unit),
            self.year,
            self.month,
        )
        count = max(indicator.evidence_min_files, 1)
        names = [stem] + [f"{stem}_lampiran_{n}" for n in range(2, count + 1)]
        if extra:
            names = [f"{stem}_{extra}"]
        header = [
            self.period.company_id.name.upper(),
            agency_name(employee.department_id),
            f"Bulan: {MONTH_NAMES[self.month - 1]} {self.year}",
            f"Indikator: {indicator.code} {indicator.name}",
            f"Target bulan ini: {line.target:g} {indicator.unit}",
            f"Realisasi: {value:g} {indicator.unit}",
            f"Disusun oleh: {employee.name} (NIP {employee.iki_nip or '-'})",
            f"Jabatan: {employee.job_title}",
        ]
        files = []
        for number, name in enumerate(names, start=1):
            rows = header + ([f"Lampiran {number}"] if number > 1 or extra else [])
            if extra:
                rows.append(f"Perbaikan: {extra}")
            items = max(1, min(int(value or 0), 40))
            data = render(
                kind, indicator.evidence_note or indicator.name, rows, items, indicator.unit
            )
            files.append((f"{name}.{kind}", data))
        return files

    def enter_work(self, items):
        """Each employee writes the realisations, notes and evidence of ``items``:
        ``[(appraisal, share)]`` with ``share`` the part of the measured lines filled in."""
        for appraisal, share in items:
            login = self.login[appraisal]
            random_ = chance.rng("work", self.year, self.month, login)
            lines = self.measured_lines(appraisal)
            lines = lines[: max(1, round(len(lines) * share))]
            files, values = [], {}
            for line in lines:
                value, note = chance.realisation(
                    self.story, self.line_facts(line), self.month, self.form[appraisal], random_
                )
                values[line] = {"realization": value, "note": note or False}
                if line.indicator_id.evidence_required:
                    for name, data in self.evidence(line, value):
                        files.append((line, name, data))
                        key = (login, line.indicator_id.code, self.month)
                        self.evidence_cache[key] = (name, data)
            attachments = self.upload(appraisal, files)
            for line, vals in values.items():
                if line in attachments:
                    vals["attachment_ids"] = [Command.set(attachments[line])]
                as_user(line, appraisal.employee_id.user_id).write(vals)

    def upload(self, appraisal, files):
        """The employee uploads ``files`` (``[(line, name, data)]``) in one create; return
        ``{line: [attachment ids]}``."""
        user = appraisal.employee_id.user_id
        created = as_user(self.env["ir.attachment"], user).create(
            [
                {"name": name, "raw": data, "res_model": line._name, "res_id": line.id}
                for line, name, data in files
            ]
        )
        attachments = defaultdict(list)
        for (line, _name, _data), attachment in zip(files, created):
            attachments[line].append(attachment.id)
        return attachments

    def reuse_last_month_evidence(self, appraisal):
        """The employee attaches last month's file again to the first line needing evidence
        (the reused-evidence warning); return that line, or None."""
        login = self.login[appraisal]
        for line in self.measured_lines(appraisal):
            cached = self.evidence_cache.get((login, line.indicator_id.code, self.month - 1))
            if line.indicator_id.evidence_required and cached:
                replaced = line.attachment_ids
                added = self.upload(appraisal, [(line, *cached)])[line]
                user = appraisal.employee_id.user_id
                as_user(line, user).write({"attachment_ids": [Command.set(added)]})
                as_user(replaced, user).unlink()
                return line
        return None

    def correct(self, appraisal, reused_line):
        """After a return: replace the reused file, or add a corrected file to the first line
        with evidence."""
        if reused_line:
            line = reused_line
            files = self.evidence(line, line.realization)
        else:
            line = next(
                (
                    line
                    for line in self.measured_lines(appraisal)
                    if line.indicator_id.evidence_required
                ),
                None,
            )
            if not line:
                return
            files = self.evidence(line, line.realization, extra="revisi")
        replaced = line.attachment_ids if reused_line else self.env["ir.attachment"]
        added = self.upload(appraisal, [(line, name, data) for name, data in files])[line]
        commands = [Command.set(added)] if reused_line else [Command.link(i) for i in added]
        user = appraisal.employee_id.user_id
        as_user(line, user).write({"attachment_ids": commands})
        as_user(replaced, user).unlink()

    # -- the timeline ------------------------------------------------------------------------
    def at(self, day, minute_from, minute_to, seed):
        """A moment on ``day`` between two times (minutes after midnight, local time)."""
        minute = chance.rng("at", self.year, self.month, seed).randint(minute_from, minute_to)
        return chance.moment(day, minute)

    def add(self, moment, action, *args):
        self.events.append((moment, len(self.events), action, args))

    def play(self, until=None):
        """Run the actions in the order of their moments; with ``until``, only those up to it
        (the rest has not happened yet)."""
        for moment, _seq, action, args in sorted(self.events, key=lambda e: (e[0], e[1])):
            if until and moment > until:
                break
            action(*args)
        self.events = []

    # -- the actions -------------------------------------------------------------------------
    def submit(self, appraisal):
        as_user(appraisal, appraisal.employee_id.user_id).action_submit()

    def give_back(self, appraisal, feedback):
        """The appraiser returns the appraisal with feedback (the Return wizard)."""
        user = appraisal.appraiser_id.user_id or self.hr_user
        wizard = as_user(self.env["iki.appraisal.return.wizard"], user).create(
            {"appraisal_ids": [Command.set(appraisal.ids)], "feedback": feedback}
        )
        wizard.action_confirm()

    def resubmit(self, appraisal, reused_line):
        self.correct(appraisal, reused_line)
        self.submit(appraisal)

    def approve(self, appraisals):
        """Each appraiser rates the seven values of his people, writes a few words to some,
        and approves them in one batch (HR for somebody without an appraiser's login)."""
        appraisals = [a for a in appraisals if a.state == "submitted"]
        teams = defaultdict(list)
        for appraisal in appraisals:
            teams[appraisal.appraiser_id.user_id or self.hr_user].append(appraisal)
        for user, team in teams.items():
            by_rating, innovators, feedback = defaultdict(list), [], defaultdict(list)
            for appraisal in team:
                login, form = self.login[appraisal], self.form[appraisal]
                ratings = chance.behaviour_ratings(self.story, self.year, login, self.month, form)
                rows = {b.value_key: b for b in appraisal.behaviour_ids}
                for key, rating in zip(BERAKHLAK, ratings):
                    by_rating[rating].append(rows[key].id)
                random_ = chance.rng("approve", self.year, self.month, login)
                if form == "excellent" and random_.random() < 0.5:
                    innovators.append(appraisal.id)
                if random_.random() < 0.35:
                    texts = self.story["feedback_approve"][form]
                    feedback[random_.choice(texts)].append(appraisal.id)
            Behaviour = as_user(self.env["iki.appraisal.behaviour"], user)
            for rating, ids in by_rating.items():
                Behaviour.browse(ids).write({"rating": rating})
            Appraisal = as_user(self.env["iki.appraisal"], user)
            if innovators:
                Appraisal.browse(innovators).write({"has_innovation": True})
            for text, ids in feedback.items():
                Appraisal.browse(ids).write({"feedback": text})
            Appraisal.browse([a.id for a in team]).action_approve()

    def set_cutoff(self, cutoff):
        as_user(self.period, self.hr_user).write({"cutoff_date": cutoff})

    def close(self):
        as_user(self.period, self.hr_user).action_close()

    # -- a past month ----------------------------------------------------------------------------
    def play_past(self):
        """The month's submissions (most on time, two to four late, one or two never), one
        return with feedback then a corrected submission, the approvals, and the close by HR
        once the cut-off has passed. Before its cut-off the month stays open with what has
        happened by today, nobody recorded as missing yet."""
        story, random_, period = self.story, self.random, self.period
        performance = story["performance"]
        staff = [
            a
            for a in self.appraisals
            if a not in self.has_team
            and chance.profile_of(story, self.login[a]) != "excellent"
            and self.month not in performance["misconduct"].get(self.login[a], ())
        ]
        missing = random_.sample(staff, min(len(staff), random_.choice((1, 1, 2))))
        active = [a for a in self.appraisals if a not in missing]
        reused = performance["reused_evidence"]
        reuse = [
            a
            for a in active
            if self.login[a] == reused["employee"] and self.month == reused["month"]
        ]
        candidates = [a for a in active if a not in reuse and a in staff]
        late = random_.sample(candidates, min(len(candidates), random_.randint(2, 4)))
        returned = reuse + random_.sample(
            [a for a in candidates if a not in late], 1 if len(candidates) > len(late) else 0
        )
        # The work of the month; half of the missing ones started and never submitted.
        self.enter_work(
            [(a, 1.0) for a in active] + [(a, 0.5) for a in missing if random_.random() < 0.5]
        )
        reused_line = {a: self.reuse_last_month_evidence(a) for a in reuse}
        final = self.plan_submissions(active, late, returned, reuse, reused_line)
        approval_days = self.plan_approvals(active, final)
        cutoff = period.cutoff_date
        if self.today <= cutoff:
            self.play(until=self.now)
            return
        # Played after its cut-off: on time up to the cut-off, late after it (see above).
        self.set_cutoff(self.today)
        self.add(chance.moment(cutoff, 24 * 60 - 1), self.set_cutoff, cutoff)
        close_day = chance.working_day(max([*approval_days, cutoff]), 1)
        self.add(self.at(close_day, 14 * 60, 15 * 60, "close"), self.close)
        self.play()

    def plan_submissions(self, active, late, returned, reuse, reused_line):
        """Put the submissions of ``active`` on the timeline; return ``{appraisal: day}`` of
        each one's final submission."""
        story, random_, period = self.story, self.random, self.period
        end, cutoff = period.date_end, period.cutoff_date
        on_time = [
            d for d in chance.date_range(end - chance.ONE_DAY * 3, cutoff) if d.weekday() < 5
        ]
        late_days = [
            d
            for d in chance.date_range(cutoff + chance.ONE_DAY, cutoff + chance.ONE_DAY * 6)
            if d.weekday() < 5
        ]
        final = {}
        for appraisal in active:
            login = self.login[appraisal]
            if appraisal in returned:
                day = on_time[0]
                self.add(self.at(day, 8 * 60, 11 * 60, login), self.submit, appraisal)
                back = chance.working_day(day, 1)
                feedback = (
                    story["feedback_reused"]
                    if appraisal in reuse
                    else random_.choice(story["feedback_return"])
                )
                self.add(
                    self.at(back, 9 * 60, 15 * 60, login + "r"), self.give_back, appraisal, feedback
                )
                day = chance.working_day(back, 1)
                self.add(
                    self.at(day, 8 * 60, 15 * 60, login + "s"),
                    self.resubmit,
                    appraisal,
                    reused_line.get(appraisal),
                )
            else:
                day = random_.choice(late_days if appraisal in late else on_time)
                self.add(self.at(day, 7 * 60 + 45, 16 * 60, login), self.submit, appraisal)
            final[appraisal] = day
        return final

    def plan_approvals(self, active, final):
        """Each appraiser approves his whole team a working day or two after its last
        submission; return the approval days."""
        teams = defaultdict(list)
        for appraisal in active:
            teams[appraisal.appraiser_id.id].append(appraisal)
        days = []
        for appraiser_id, team in sorted(teams.items()):
            day = chance.working_day(max(final[a] for a in team), 1 + self.random.randint(0, 1))
            days.append(day)
            self.add(self.at(day, 9 * 60, 15 * 60, appraiser_id), self.approve, team)
        return days

    # -- the current month ---------------------------------------------------------------------
    def play_current(self):
        """Work in progress: two appraisals returned with feedback (the story's employee first,
        with last month's evidence), two approved, twelve submitted, eight half-filled drafts,
        the rest untouched."""
        story, random_, period = self.story, self.random, self.period
        last = min(self.today, period.date_end)
        days = [
            d
            for d in chance.date_range(max(period.date_start, last - chance.ONE_DAY * 7), last)
            if d.weekday() < 5
        ] or [last]
        shuffled = random_.sample(self.appraisals, len(self.appraisals))
        first = story["performance"]["reused_evidence"]["employee"]
        shuffled.sort(key=lambda a: self.login[a] != first)
        returned, approved = shuffled[:2], shuffled[2:4]
        submitted, drafting = shuffled[4:16], shuffled[16:24]
        self.enter_work(
            [(a, 1.0) for a in returned + approved + submitted] + [(a, 0.5) for a in drafting]
        )
        reused = self.reuse_last_month_evidence(returned[0]) if returned else None
        for appraisal in returned + approved + submitted:
            day = random_.choice(days[:-1] or days)
            self.add(self.at(day, 8 * 60, 16 * 60, self.login[appraisal]), self.submit, appraisal)
        for number, appraisal in enumerate(returned):
            feedback = (
                story["feedback_reused"]
                if number == 0 and reused
                else random_.choice(story["feedback_return"])
            )
            self.add(self.at(days[-1], 16 * 60, 17 * 60, "r"), self.give_back, appraisal, feedback)
        self.add(self.at(days[-1], 16 * 60, 17 * 60, "a"), self.approve, approved)
        self.play()
