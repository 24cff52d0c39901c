"""One individual certificate issued (eligibility, serial, signature, one WeasyPrint render,
credential attached, file staged, row + audit, commit, file moved) versus a bare WeasyPrint render
of the same HTML, in alternated pairs. Target: the median per-pair ratio <= 1.25.

    .venv/bin/python bench/cert_issue.py [--min-pairs 20] [--max-pairs 200] [--naive]
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
    add_arguments(parser, min_pairs=20, max_pairs=200, max_seconds=150)
    parser.add_argument("--naive", action="store_true",
                        help="also against WeasyPrint parsing the stylesheet for every render")
    args = parser.parse_args(argv)
    record = Recorder("cert_issue")
    app = make_app()
    from app.certification import services
    from app.certification.rendering import pdf
    from app.certification.issuing import issue
    from app.extensions import db
    from app.units.models import Person

    with app.app_context():
        person_ids = iter(seed(people=args.max_pairs * (2 if args.naive else 1) + 2)[0])
        codes = [f"STD-{n:02d}" for n in range(1, 11)]
        draft = services.individual_draft(db.session.get(Person, next(person_ids)), codes, ON)
        html = pdf.render_html("certificates/pdf/individual.html",
                               c=issue.prepare(draft, None, ON).context)
        db.session.rollback()

        def issue_one():
            person = db.session.get(Person, next(person_ids))
            services.issue_individual(person, codes, None, ON)
            db.session.commit()

        bare_render(html)  # warm up fonts and caches for both
        issue_one()
        load = load_average()
        pairs = alternate(lambda: timed(issue_one), lambda: timed(lambda: bare_render(html)),
                          min_pairs=args.min_pairs, max_pairs=args.max_pairs, targets=[TARGET],
                          max_seconds=args.max_seconds)
        record.add("one individual certificate, 10 standards", pairs=pairs, target=TARGET,
                   note=f"bare WeasyPrint render of the same HTML; load {load}")
        if args.naive:
            naive = alternate(lambda: timed(issue_one),
                              lambda: timed(lambda: bare_render(html, naive=True)),
                              min_pairs=args.min_pairs, max_pairs=args.min_pairs)
            record.add("one individual certificate vs naive WeasyPrint", pairs=naive,
                       note="baseline parses the stylesheet for every render")
    return record.finish()


if __name__ == "__main__":
    raise SystemExit(main())
