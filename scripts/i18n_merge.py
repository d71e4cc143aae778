"""Merge a .pot template into an Indonesian .po file, keeping translations already made.

Usage: i18n_merge.py ADDON.pot id.po. Prints how many entries still lack a translation.
"""

import sys

import polib


def merge(pot_path, po_path):
    pot = polib.pofile(pot_path)
    try:
        old = {(e.msgctxt, e.msgid): e for e in polib.pofile(po_path)}
    except OSError:
        old = {}
    po = polib.POFile(wrapwidth=78)
    po.metadata = dict(pot.metadata)
    po.metadata.update(
        {
            "Language": "id",
            "Language-Team": "Indonesian",
            "Plural-Forms": "nplurals=1; plural=0;",
            "Content-Type": "text/plain; charset=UTF-8",
        }
    )
    missing = 0
    for entry in pot:
        previous = old.get((entry.msgctxt, entry.msgid))
        entry.msgstr = previous.msgstr if previous else ""
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
        if not entry.msgstr:
            missing += 1
        po.append(entry)
    po.save(po_path)
    print(f"{po_path}: {len(po)} entries, {missing} without translation")


if __name__ == "__main__":
    merge(sys.argv[1], sys.argv[2])
