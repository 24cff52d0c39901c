"""850 individual certificates for a unit as one merged PDF (and a ZIP), through the bulk job
(plan, chunks of certificates rendered as one WeasyPrint document per render process, QR codes,
split per certificate and credentials attached in those processes, 850 rows + serials +
signatures + stored PDFs, merged PDF, ZIP), versus a bare WeasyPrint render
of the same 850 certificates as ONE document per process, with the same number of processes
(--processes, default 2: the bulk job's default on a 2-core machine). Each timed run, of either
kind, starts with fresh render processes, warmed up (render_pool.restart). Targets:
throughput >= 0.8x the bare render's, and under 60 s.

    .venv/bin/python bench/cert_bulk.py [--people 850] [--runs 1]
"""
import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.cert_common import (ON, load_average, make_app, report, seed,  # noqa: E402
                               timed)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=850)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--processes", type=int, default=2,
                        help="render processes, for the bulk job and the baseline alike")
    parser.add_argument("--chunk", type=int, default=None,
                        help="certificates per chunk (default: the job's bulk.CHUNK)")
    args = parser.parse_args()
    app = make_app()
    app.config["CERT_RENDER_PROCESSES"] = args.processes
    from app.auth.models import Role, User
    from app.certification import bulk, issue, jobs, pdf, render_pool
    from app.certification.models import Certificate, Job
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
        ours, base, issued = [], [], []

        def run_job(times, counts):
            job = Job(state_id=user.state_id, user_id=user.id, kind="bulk_individual",
                      params=json.dumps({"unit_id": unit_id, "level": "L2",
                                         "on": ON.isoformat()}))
            db.session.add(job)
            db.session.commit()
            times.append(timed(lambda: jobs.run_bulk(job.id)))
            db.session.expire_all()
            done = db.session.get(Job, job.id)
            assert done.status == "done", done.error
            counts.append(done.done)

        for n in range(args.runs):  # A B, B A, ...: drifting machine load hits both alike
            steps = [lambda: base.append(timed(lambda: render_pool.render_many(htmls))),
                     lambda: run_job(ours, issued)]
            for step in (steps if n % 2 == 0 else steps[::-1]):
                render_pool.restart()  # fresh, warmed-up workers for each timed run, both kinds
                step()
        total = db.session.scalar(db.select(db.func.count(Certificate.id)))
    print(f"bulk: {issued} certificates per run ({total} rows), {len(drafts)} eligible, "
          f"chunks of {bulk.CHUNK}, {args.processes} render process(es) for both "
          f"(load average {load_average()})")
    ratio = report("bulk", ours, base, "throughput >= 0.8x, i.e. time ratio <= 1.25")
    print(f"bulk: throughput {1 / ratio:.2f}x the bare render; "
          f"{len(drafts) / statistics.median(ours):.1f} certificates/s; median under 60 s: "
          f"{statistics.median(ours) < 60}")
    return 0 if ratio <= 1.25 and statistics.median(ours) < 60 else 1


if __name__ == "__main__":
    raise SystemExit(main())
