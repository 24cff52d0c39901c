"""One individual certificate issued (eligibility, serial, signature, one WeasyPrint render,
credential attached, file staged, row + audit, commit, file moved) versus a bare WeasyPrint render
of the same HTML, alternating in the same run. Target: ratio <= 1.25.

    .venv/bin/python bench/cert_issue.py [--runs 7]
"""
import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.cert_common import (ON, bare_render, load_average, make_app, report,  # noqa: E402
                               seed, timed)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    app = make_app()
    from app.certification import issue, pdf, services
    from app.extensions import db
    from app.units.models import Person

    with app.app_context():
        person_ids, _unit = seed(people=args.runs + 2)
        codes = [f"STD-{n:02d}" for n in range(1, 11)]
        draft = services.individual_draft(db.session.get(Person, person_ids[0]), codes, ON)
        html = pdf.render_html("certificates/pdf/individual.html",
                               c=issue.prepare(draft, None, ON).context)
        db.session.rollback()
        bare_render(html)  # warm up fonts and caches for both
        services.issue_individual(db.session.get(Person, person_ids[-1]), codes, None, ON)
        db.session.commit()
        ours, base, naive = [], [], []
        for n in range(args.runs):
            base.append(timed(lambda: bare_render(html)))
            person = db.session.get(Person, person_ids[n])

            def issue_one():
                services.issue_individual(person, codes, None, ON)
                db.session.commit()
            ours.append(timed(issue_one))
            naive.append(timed(lambda: bare_render(html, naive=True)))
    print(f"one individual certificate, 10 standards (load average {load_average()})")
    ratio = report("issue", ours, base, "<= 1.25")
    report("issue vs naive WeasyPrint (stylesheet parsed per render)", ours, naive, "info")
    return 0 if ratio <= 1.25 else 1


if __name__ == "__main__":
    raise SystemExit(main())
