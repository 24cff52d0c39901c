"""A unit certificate with an 850-person roster annex issued (readiness of 850 people x 19
standards, serial, signature, one WeasyPrint render of the front page and annex, credential,
file, row, commit) versus a bare WeasyPrint render of the same HTML, alternating in the same run.
Target: ratio <= 1.25.

    .venv/bin/python bench/cert_unit.py [--people 850] [--runs 3]
"""
import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.cert_common import (ON, bare_render, load_average, make_app, report,  # noqa: E402
                               seed, timed)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=850)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    app = make_app()
    from app.certification import eligibility, issue, pdf, services
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
        ours, base = [], []
        for _ in range(args.runs):
            base.append(timed(lambda: bare_render(html)))

            def issue_one():
                services.issue_unit(db.session.get(Unit, unit_id), "L2", None, ON)
                db.session.commit()
            ours.append(timed(issue_one))
    print(f"unit certificate, {args.people}-person annex, {pages} pages "
          f"(load average {load_average()})")
    return 0 if report("unit", ours, base, "<= 1.25") <= 1.25 else 1


if __name__ == "__main__":
    raise SystemExit(main())
