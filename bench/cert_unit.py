"""A unit certificate with an 850-person roster annex issued (readiness of 850 people x 19
standards, serial, signature, one WeasyPrint render of the front page and annex, credential,
file, row, commit) versus a bare WeasyPrint render of the same HTML, in alternated pairs.
Target: the median per-pair ratio <= 1.25.

    .venv/bin/python bench/cert_unit.py [--people 850] [--min-pairs 5] [--max-pairs 15]
"""
import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.cert_common import ON, bare_render, make_app, seed  # noqa: E402
from bench.pairs import add_arguments, alternate, load_average, timed  # noqa: E402
from bench.verdicts import Recorder, Target  # noqa: E402

TARGET = Target("<=", 1.25)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=850)
    add_arguments(parser, min_pairs=5, max_pairs=15, max_seconds=150)
    args = parser.parse_args(argv)
    record = Recorder("cert_unit")
    app = make_app()
    from app.certification import services
    from app.certification.rendering import pdf
    from app.certification.issuing import eligibility, issue
    from app.extensions import db
    from app.units.models import Unit

    with app.app_context():
        _people, unit_id = seed(people=args.people, unit=True)
        unit = db.session.get(Unit, unit_id)
        draft = eligibility.unit_draft(unit, "L2", ON)
        html = pdf.render_html("certificates/pdf/unit.html",
                               c=issue.prepare(draft, None, ON).context)
        db.session.rollback()
        pages = len(pdf.layout(html).pages)

        def issue_one():
            services.issue_unit(db.session.get(Unit, unit_id), "L2", None, ON)
            db.session.commit()

        load = load_average()
        pairs = alternate(lambda: timed(issue_one), lambda: timed(lambda: bare_render(html)),
                          min_pairs=args.min_pairs, max_pairs=args.max_pairs, targets=[TARGET],
                          max_seconds=args.max_seconds)
        record.add(f"unit certificate, {args.people}-person annex, {pages} pages", pairs=pairs,
                   target=TARGET, note=f"bare WeasyPrint render of the same HTML; load {load}")
    return record.finish()


if __name__ == "__main__":
    raise SystemExit(main())
