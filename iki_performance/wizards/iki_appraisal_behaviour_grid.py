from odoo import api, fields, models
from odoo.exceptions import UserError

from ..engine import RATING_LABELS, RATINGS
from ..engine.constants import BERAKHLAK, BERAKHLAK_LABELS, RATING_MEETS

RATING_SELECTION = [(key, RATING_LABELS[key]) for key in RATINGS]


class IkiAppraisalBehaviourGrid(models.TransientModel):
    """The appraiser rates the behaviour of many appraisals at once: one row per person, one
    column per BerAKHLAK value, each cell its rating ("meets expectation" unless rated)."""

    _name = "iki.appraisal.behaviour.grid"
    _description = "Behaviour Rating Grid"
    _inherit = ["iki.input.mixin"]

    line_ids = fields.One2many("iki.appraisal.behaviour.grid.line", "grid_id", string="People")

    @api.model
    def _iki_open(self, appraisals):
        """The grid of the appraisals of ``appraisals`` the current user may rate now."""
        rateable = appraisals.filtered("iki_can_review")
        if not rateable:
            raise UserError(
                self.env._(
                    "None of the selected appraisals is submitted and yours to rate: the grid "
                    "shows the submitted appraisals you review in an open month."
                )
            )
        rows = []
        for appraisal in rateable:
            ratings = {b.value_key: b.rating for b in appraisal.behaviour_ids}
            rows.append(
                {
                    "appraisal_id": appraisal.id,
                    **{key: ratings.get(key) or RATING_MEETS for key in BERAKHLAK},
                }
            )
        grid = self.create({"line_ids": [fields.Command.create(row) for row in rows]})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Rate Behaviour (BerAKHLAK)"),
            "res_model": self._name,
            "res_id": grid.id,
            "view_mode": "form",
            "target": "new",
        }

    def _iki_save(self):
        """Write the ratings that change, grouped by rating (one write each), as the current
        user: the behaviour rows check that he is the appraiser of each appraisal."""
        self.ensure_one()
        rows_by_rating = {}
        for line in self.line_ids:
            for row in line.appraisal_id.behaviour_ids:
                if row.value_key in BERAKHLAK and row.rating != line[row.value_key]:
                    rows_by_rating.setdefault(line[row.value_key], []).append(row.id)
        Behaviour = self.env["iki.appraisal.behaviour"]
        for rating, ids in rows_by_rating.items():
            Behaviour.browse(ids).write({"rating": rating})
        return self.line_ids.appraisal_id

    def action_save(self):
        self._iki_save()
        return {"type": "ir.actions.act_window_close"}

    def action_save_and_approve(self):
        """Save the ratings, then approve the appraisals that are ready."""
        return self._iki_save().action_approve_ready()


class IkiAppraisalBehaviourGridLine(models.TransientModel):
    """One person of the grid: the rating of each BerAKHLAK value."""

    _name = "iki.appraisal.behaviour.grid.line"
    _description = "Behaviour Rating Grid Row"
    _inherit = ["iki.input.mixin"]

    grid_id = fields.Many2one("iki.appraisal.behaviour.grid", required=True, ondelete="cascade")
    appraisal_id = fields.Many2one("iki.appraisal", required=True, ondelete="cascade")
    employee_id = fields.Many2one(related="appraisal_id.employee_id")
    berorientasi_pelayanan = fields.Selection(
        RATING_SELECTION, string=BERAKHLAK_LABELS["berorientasi_pelayanan"], required=True
    )
    akuntabel = fields.Selection(
        RATING_SELECTION, string=BERAKHLAK_LABELS["akuntabel"], required=True
    )
    kompeten = fields.Selection(
        RATING_SELECTION, string=BERAKHLAK_LABELS["kompeten"], required=True
    )
    harmonis = fields.Selection(
        RATING_SELECTION, string=BERAKHLAK_LABELS["harmonis"], required=True
    )
    loyal = fields.Selection(RATING_SELECTION, string=BERAKHLAK_LABELS["loyal"], required=True)
    adaptif = fields.Selection(RATING_SELECTION, string=BERAKHLAK_LABELS["adaptif"], required=True)
    kolaboratif = fields.Selection(
        RATING_SELECTION, string=BERAKHLAK_LABELS["kolaboratif"], required=True
    )
