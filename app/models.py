"""Import every domain's models so the metadata sees all tables."""
from app.audit.models import AuditEvent  # noqa: F401
from app.auth.models import ApiToken, IdempotencyRecord, Role, User, UserPartnership  # noqa: F401
from app.catalogue.models import (  # noqa: F401
    GenderTarget, MemberState, ProfileRequirement, RequirementProfile, Standard, TaxonomyTerm,
    TrainingCentre,
)
from app.certification.models import Certificate, Job, SerialCounter  # noqa: F401
from app.certification.requests import CertificationRequest  # noqa: F401
from app.imports.models import ImportBatch, ImportStage  # noqa: F401
from app.pcrs.models import PcrsDecision  # noqa: F401
from app.training.models import (  # noqa: F401
    Completion, CourseSession, Partnership, PartnershipState, SessionAttendee,
    SessionStandard, SessionTrainer, TrainerQualification,
)
from app.units.models import (  # noqa: F401
    LanguageProficiency, Membership, Person, ScreeningAttestation, Unit,
)
