"""The worker for bulk certificate jobs in production: `python -m app.worker` (the same queue
and task code as the web process; app/certification/issuing/jobs.py)."""
from app import create_app
from app.certification.issuing import jobs

if __name__ == "__main__":
    jobs.serve(create_app())
