"""The one PDF text engine of the project: Noto fonts for every script, shaped with HarfBuzz.

``fonts`` finds and registers the fonts (CJK subset and converted to TrueType on demand);
``text`` splits a string into runs by script, shapes, measures, orders right-to-left runs,
shrinks to fit and wraps. Every PDF of the project (badges, agendas, reports) draws its text
through ``text.draw_line`` / ``text.fit`` so that every name reads right on paper.
"""

from reportlab import rl_config

# Binary streams rather than ASCII85 text: ReportLab's default encodes every stream (photos included)
# as text, which makes PDFs a quarter larger and badges about twice as slow to draw. Every PDF
# reader takes binary streams.
rl_config.useA85 = 0
