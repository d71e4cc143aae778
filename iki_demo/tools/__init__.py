"""Helpers of the demo player: the year's chance and calendar (``story``), the evidence files
(``evidence_files``), both plain Python, and one month played through the workflow
(``demo_month``)."""
