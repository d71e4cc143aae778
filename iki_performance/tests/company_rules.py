"""Multi-company checks shared by the tests of both addons.

* :func:`addon_models`: the models an addon defines (owned by it in the registry and in
  ``ir.model.data``), without abstract and transient models;
* :func:`company_rules` / :func:`models_without_company_rule`: the global record rules that keep
  a user to the records of his companies, and the models that have none;
* :class:`CompanyIsolationMixin`: ``assertIsolated``, records of one company unreadable by a
  user of another, whatever context the client sends.
"""

from odoo.exceptions import AccessError
from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval

# A company id no database holds: rule domains are evaluated with it as ``company_ids`` to
# find the leaf that takes the user's companies.
SENTINEL_COMPANY_IDS = (-7919,)
RULE_PERMS = ("perm_read", "perm_write", "perm_create", "perm_unlink")


def addon_models(env, addons):
    """Sorted names of the models (tables and SQL views) first defined by one of ``addons``,
    abstract and transient models left out.

    Ownership comes from the registry (the module of the class that declared ``_name``) and is
    checked against the ``model_<name>`` xml id the module gave the model in ``ir.model.data``.
    """
    names = sorted(
        name
        for name, model in env.registry.items()
        if model._original_module in addons and not model._abstract and not model._transient
    )
    for name in names:
        module = env.registry[name]._original_module
        xmlid = f"{module}.model_{name.replace('.', '_')}"
        if not env.ref(xmlid, raise_if_not_found=False):
            raise AssertionError(f"{name}: no ir.model record {xmlid}")
    return names


def _tree(domain):
    """``domain`` (any Odoo domain) as nested tuples: ``("&", a, b)``, ``("|", a, b)``,
    ``("!", a)`` or a leaf ``(path, operator, value)``."""
    tokens = list(expression.normalize_domain(domain))

    def parse(i):
        token = tokens[i]
        if token in (expression.AND_OPERATOR, expression.OR_OPERATOR):
            left, i = parse(i + 1)
            right, i = parse(i)
            return (token, left, right), i
        if token == expression.NOT_OPERATOR:
            operand, i = parse(i + 1)
            return (token, operand), i
        return tuple(token), i + 1

    return parse(0)[0]


def _is_company_leaf(node, operator="in"):
    if len(node) != 3 or node[0] in ("&", "|", "!") or not isinstance(node[0], str):
        return False
    path, op, value = node
    if path.split(".")[-1] != "company_id" or op != operator:
        return False
    if operator == "in":
        return tuple(value or ()) == SENTINEL_COMPANY_IDS
    return value is False


def _restricts(node):
    """True when every record matching ``node`` has a company among the user's (or none, in
    core's ``['|', ('company_id', '=', False), ('company_id', 'in', company_ids)]`` form)."""
    if node[0] == "&":
        return _restricts(node[1]) or _restricts(node[2])
    if node[0] == "|":
        left, right = node[1], node[2]
        return (
            (_restricts(left) and _restricts(right))
            or (_is_company_leaf(left, "=") and _restricts(right))
            or (_is_company_leaf(right, "=") and _restricts(left))
        )
    if node[0] == "!":
        return False
    return _is_company_leaf(node)


def domain_restricts_by_company(domain):
    """True when ``domain``, evaluated with ``company_ids`` = :data:`SENTINEL_COMPANY_IDS`,
    keeps only records of those companies (or without company)."""
    return bool(domain) and _restricts(_tree(domain))


def company_rules(env, model_name):
    """The active global rules of ``model_name`` applying to every operation whose domain
    keeps a user to the records of his companies."""
    Rule = env["ir.rule"].sudo()
    eval_context = dict(Rule._eval_context(), company_ids=list(SENTINEL_COMPANY_IDS))
    rules = Rule.search([("model_id.model", "=", model_name), ("global", "=", True)])
    return rules.filtered(
        lambda rule: (
            all(rule[perm] for perm in RULE_PERMS)
            and domain_restricts_by_company(safe_eval(rule.domain_force or "[]", eval_context))
        )
    )


def models_without_company_rule(env, addons):
    """Names of the models of ``addons`` (:func:`addon_models`) without a company rule."""
    return [name for name in addon_models(env, addons) if not company_rules(env, name)]


class CompanyIsolationMixin:
    """Assertions for ``TransactionCase`` classes: records of one company stay invisible to a
    user of another one."""

    def assertIsolated(self, records_by_model, user, foreign_company):
        """``user`` (not a user of ``foreign_company``) finds and reads none of the records of
        ``records_by_model`` (``{model name: records of foreign_company}``), also when his
        context names ``foreign_company`` among the allowed companies (Odoo refuses it)."""
        self.assertNotIn(foreign_company, user.company_ids)
        self.env.flush_all()
        self.env.invalidate_all()
        hostile = {
            "allowed_company_ids": [foreign_company.id, *user.company_ids.ids],
            "active_test": False,
        }
        for name, records in records_by_model.items():
            with self.subTest(model=name):
                self.assertTrue(records, f"{name}: no record of {foreign_company.name} to hide")
                self.assertEqual(records.company_id, foreign_company)
                Model = self.env[name].with_user(user)
                self.assertFalse(Model.search([("id", "in", records.ids)]))
                self.assertFalse(
                    Model.with_context(active_test=False).search(
                        [("company_id", "=", foreign_company.id)]
                    )
                )
                with self.assertRaises(AccessError):
                    records.with_user(user).read(["company_id"])
                with self.assertRaises(AccessError):
                    Model.with_context(**hostile).search([("id", "in", records.ids)])
                with self.assertRaises(AccessError):
                    records.with_user(user).with_context(**hostile).read(["company_id"])
                with self.assertRaises(AccessError):
                    records.with_user(user).with_company(foreign_company).read(["company_id"])
