from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .. import engine
from ..engine.constants import PREDICATE_LABELS, RATING_LABELS

RATING_SELECTION = [(key, RATING_LABELS[key]) for key in engine.RATINGS]
PREDICATE_SELECTION = [(key, PREDICATE_LABELS[key]) for key in engine.PREDICATES]
# The results of the mixin, written by the models' compute path only.
RATING_RESULT_FIELDS = frozenset(
    {
        "achievement",
        "is_unit_head",
        "unit_achievement",
        "skp_score",
        "final_score",
        "work_rating_auto",
        "work_rating",
        "behaviour_rating_auto",
        "behaviour_rating",
        "predicate",
    }
)
# The appraiser's choices of the mixin (with a written reason for the overrides).
RATING_APPRAISER_FIELDS = frozenset(
    {
        "work_rating_override",
        "work_override_reason",
        "behaviour_rating_override",
        "behaviour_override_reason",
        "has_innovation",
    }
)


class IkiRatingMixin(models.AbstractModel):
    """The results an appraisal ends in, shared by the monthly appraisal and the annual
    evaluation: achievement, SKP nilai, work and behaviour ratings (computed, overridden with
    a written reason, retained), innovation, final score and predicate.

    Each model computes its achievement and suggested ratings its own way, then
    :meth:`_iki_rating_results` turns them into the rest, by the rules of the record. A model
    names its records in messages with :meth:`_iki_record_label`.
    """

    _name = "iki.rating.mixin"
    _inherit = ["mail.thread"]  # the ratings, overrides and predicate are tracked
    _description = "Appraisal Ratings"

    # Results (one compute path: the model's _iki_recompute).
    achievement = fields.Float(readonly=True, tracking=True, aggregator="avg")
    is_unit_head = fields.Boolean(readonly=True)
    unit_achievement = fields.Float(string="Unit Achievement (%)", readonly=True)
    skp_score = fields.Float(string="SKP Score (0-120)", readonly=True, aggregator="avg")
    final_score = fields.Float(string="Final Score (PP 30/2019)", readonly=True, aggregator="avg")
    work_rating_auto = fields.Selection(
        RATING_SELECTION, string="Work Rating (computed)", readonly=True
    )
    work_rating_override = fields.Selection(RATING_SELECTION, tracking=True)
    work_override_reason = fields.Text(tracking=True)
    work_rating = fields.Selection(
        RATING_SELECTION, string="Work Rating (Hasil Kerja)", readonly=True, tracking=True
    )
    behaviour_rating_auto = fields.Selection(RATING_SELECTION, readonly=True)
    behaviour_rating_override = fields.Selection(RATING_SELECTION, tracking=True)
    behaviour_override_reason = fields.Text(tracking=True)
    behaviour_rating = fields.Selection(
        RATING_SELECTION, string="Behaviour Rating (Perilaku Kerja)", readonly=True, tracking=True
    )
    has_innovation = fields.Boolean(
        string="Recorded Innovation", tracking=True, help="Needed for Sangat Baik (PP 30/2019)."
    )
    predicate = fields.Selection(PREDICATE_SELECTION, readonly=True, tracking=True, index=True)

    @api.constrains(
        "work_rating_override",
        "work_override_reason",
        "behaviour_rating_override",
        "behaviour_override_reason",
    )
    def _check_override_reason(self):
        """An overridden rating carries a written reason."""
        for record in self:
            if record.work_rating_override and not (record.work_override_reason or "").strip():
                message = self.env._(
                    "%(record)s %(name)s: overriding the work rating needs a written reason.",
                    record=record._iki_record_label(),
                    name=record.name,
                )
            elif (
                record.behaviour_rating_override
                and not (record.behaviour_override_reason or "").strip()
            ):
                message = self.env._(
                    "%(record)s %(name)s: overriding the behaviour rating needs a written reason.",
                    record=record._iki_record_label(),
                    name=record.name,
                )
            else:
                continue
            raise ValidationError(message)

    def _iki_record_label(self):
        """What a record is called before its name in the messages of the mixin."""
        return self.env._("Appraisal")

    def _iki_rating_results(self, basis, utama, behaviour_auto, rule_set, rules):
        """The ratings, SKP nilai and predicate of one record, by the rules of its period.

        ``basis`` is the achievement the record is rated on (the unit's for a unit head),
        ``utama`` the achievements of its main indicators (none for a unit head),
        ``behaviour_auto`` the suggested behaviour rating (False until rated), ``rules`` the
        ``engine.Rules`` of ``rule_set``. The appraiser's overrides of ``self`` replace the
        computed ratings; the predicate follows the method of ``rule_set`` (the numeric one
        needs the innovation of ``self`` for Sangat Baik); no predicate nor final score until
        the behaviour is rated. Return the values of ``work_rating_auto``, ``work_rating``,
        ``behaviour_rating_auto``, ``behaviour_rating``, ``skp_score``, ``final_score`` and
        ``predicate``, rounded as stored.
        """
        self.ensure_one()
        work_auto = engine.work_rating(basis, utama, rules)
        work = self.work_rating_override or work_auto
        behaviour = self.behaviour_rating_override or behaviour_auto
        skp_score = engine.nilai_capaian(basis, rules=rules)
        predicate, final_score = False, 0.0
        if behaviour:
            if rule_set.predicate_method == "numeric":
                final_score = engine.numeric_final_score(
                    skp_score, engine.rating_score(behaviour, rules), rules.numeric_skp_weight
                )
                predicate = engine.numeric_predicate(final_score, self.has_innovation, rules)
            else:
                predicate = engine.quadrant_predicate(work, behaviour)
        return {
            "work_rating_auto": work_auto,
            "work_rating": work,
            "behaviour_rating_auto": behaviour_auto or False,
            "behaviour_rating": behaviour or False,
            "skp_score": engine.round_half_up(skp_score, 2),
            "final_score": engine.round_half_up(final_score, 2),
            "predicate": predicate,
        }
