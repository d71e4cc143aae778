"""Packages the addons the way OCA wheels do: importable as ``odoo.addons.<addon>``."""

import ast
import os

from setuptools import setup

ADDONS = ["iki_performance", "iki_tukin", "iki_demo"]
HERE = os.path.dirname(os.path.abspath(__file__))


def manifest(addon):
    with open(os.path.join(HERE, addon, "__manifest__.py"), encoding="utf-8") as handle:
        return ast.literal_eval(handle.read().split("\n", 1)[1])


def addon_packages(addon):
    """Every folder of the addon as a package (data folders included: views, i18n, static)."""
    packages, package_dir, package_data = [], {}, {}
    for folder, dirs, files in os.walk(os.path.join(HERE, addon)):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        rel = os.path.relpath(folder, HERE)
        name = "odoo.addons." + rel.replace(os.sep, ".")
        packages.append(name)
        package_dir[name] = rel
        package_data[name] = [f for f in files if not f.endswith((".py", ".pyc"))]
    return packages, package_dir, package_data


packages, package_dir, package_data = [], {}, {}
for addon in ADDONS:
    p, d, data = addon_packages(addon)
    packages += p
    package_dir.update(d)
    package_data.update(data)

setup(
    name="iki-asn-addons",
    version=manifest("iki_performance")["version"],
    description="IKI: individual performance (SKP) and Tukin/TPP for Indonesian ASN, Odoo 18",
    license="LGPL-3",
    python_requires=">=3.10",
    packages=packages,
    package_dir=package_dir,
    package_data=package_data,
    include_package_data=True,
    install_requires=[
        "odoo>=18.0a,<18.1dev",
        "odoo-addon-payroll>=18.0dev,<18.1dev",
        "odoo-addon-report_xlsx>=18.0dev,<18.1dev",
        "xlsxwriter",
    ],
    zip_safe=False,
)
