"""850 individual certificates for a unit as one merged PDF (and a ZIP), through the bulk job
(plan; parts of certificates prepared and signed, each sent to a render process, which draws
each person's page over the unit's shared template page or lays it out in full when it does not
fit, with its QR code and credentials: app/certification/rendering/overlay.py; 850 rows +
serials + signatures + stored PDFs, merged PDF, ZIP), versus a bare WeasyPrint render of the
same 850 certificates as ONE document per process, with the same number of processes
(--processes, default 2: the bulk job's default on a 2-core machine), in alternated pairs. Each
timed run, of either kind, starts with fresh render processes, warmed up (render_pool.restart).
Targets (issue 21): the median per-pair time ratio <= 0.333 (a third of the bare render's
time), and the job under 60 s.

    .venv/bin/python bench/cert_bulk.py [--people 850] [--min-pairs 3] [--max-pairs 6]
"""
import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.cert_common import ON, make_app, seed  # noqa: E402
from bench.pairs import add_arguments, alternate, load_average, timed  # noqa: E402
from bench.verdicts import Recorder, Target  # noqa: E402

RATIO = Target("<=", 0.333)
SECONDS = Target("<", 60, of="value")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=850)
    add_arguments(parser, min_pairs=3, max_pairs=6, max_seconds=480)
    parser.add_argument("--processes", type=int, default=2,
                        help="render processes, for the bulk job and the baseline alike")
    parser.add_argument("--chunk", type=int, default=None,
                        help="certificates per chunk (default: the job's bulk.CHUNK)")
    args = parser.parse_args(argv)
    record = Recorder("cert_bulk")
    app = make_app()
    app.config["CERT_RENDER_PROCESSES"] = args.processes
    from app.auth.models import Role, User
    from app.certification.rendering import pdf, render_pool
    from app.certification.issuing import bulk, issue, jobs
    from app.certification.models import Job
    from app.extensions import db
    from app.units.models import Unit

    if args.chunk:
        bulk.CHUNK = args.chunk
    with app.app_context():
        _people, unit_id = seed(people=args.people, unit=True)
        user = User(email="bench@example.org", role=Role.CENTRE_REGISTRAR, password_hash="x",
                    state_id=db.session.get(Unit, unit_id).state_id)
        db.session.add(user)
        db.session.commit()
        drafts = bulk.plan(db.session.get(Unit, unit_id), "L2", ON).drafts
        contexts = [issue.prepare(d, user, ON).context for d in drafts]
        db.session.rollback()
        # the baseline: the same certificates as ONE document per process (one document in all
        # with one process), rendered by WeasyPrint alone with the same fetcher and stylesheet
        htmls = [pdf.render_html("certificates/pdf/bulk.html", certificates=part)
                 for part in bulk._parts(contexts, args.processes)]

        def run_job() -> float:
            # each run re-issues, superseding the previous run's certificates (the default
            # would skip everyone who already holds one: issue 16 item 7)
            job = Job(state_id=user.state_id, user_id=user.id, kind="bulk_individual",
                      params=json.dumps({"unit_id": unit_id, "level": "L2",
                                         "on": ON.isoformat(), "choice": "supersede"}))
            db.session.add(job)
            db.session.commit()
            seconds = timed(lambda: jobs.run_bulk(job.id))
            db.session.expire_all()
            done = db.session.get(Job, job.id)
            if done.status != "done" or done.done != len(drafts):
                raise RuntimeError(f"bulk job {done.status}, {done.done} issued: {done.error}")
            return seconds

        load = load_average()
        # fresh, warmed-up render processes before each timed run, of both kinds
        pairs = alternate(run_job, lambda: timed(lambda: render_pool.render_many(htmls)),
                          min_pairs=args.min_pairs, max_pairs=args.max_pairs,
                          targets=[RATIO, SECONDS], max_seconds=args.max_seconds,
                          before=render_pool.restart, report=print)
    record.add(f"bulk: {len(drafts)} certificates, merged PDF + ZIP", pairs=pairs, target=RATIO,
               note=f"{args.processes} render processes, chunks of {bulk.CHUNK}; baseline: bare "
                    f"render of the same certificates, one document per process; load {load}")
    record.add(f"bulk: {len(drafts)} certificates, time", pairs=pairs, target=SECONDS,
               note="target stated for 850 certificates")
    return record.finish()


if __name__ == "__main__":
    raise SystemExit(main())
