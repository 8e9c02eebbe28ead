"""Two submits of the same engineer at once on PostgreSQL (each holds only
its own assessment's lock): one latest mark, on the newer submission, and no
error for either."""

from assessments import services
from assessments.models import Assessment
from tests.factories import UserFactory, draft, rate_all
from tests.postgres import postgres_only
from tests.threads import run_together

pytestmark = postgres_only("the race needs PostgreSQL row locks")


def test_two_drafts_submitted_at_once_leave_one_latest_the_newer(framework):
    for round_ in range(5):
        engineer = UserFactory(username=f"racer{round_}")
        drafts = [draft(engineer), draft(engineer, "regulated-industry")]
        for assessment in drafts:
            rate_all(assessment)

        def submit(assessment, engineer=engineer):
            return lambda: services.assessment_submit(user=engineer, assessment=assessment)

        errors = run_together([submit(a) for a in drafts])
        assert not errors, errors
        mine = Assessment.objects.filter(engineer=engineer).order_by("-submitted_at", "-pk")
        assert [a.latest for a in mine] == [True, False]
