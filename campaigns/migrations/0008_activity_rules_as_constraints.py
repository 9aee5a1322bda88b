"""Rules of activities and anti-fraud answers held by the database as well as by the forms.

Existing rows already obey them, so adding them cannot fail: Activity.clean (the form and the
import both call it) refused an end at or before the start, and AntiFraudCoverage.clean (the
only form that records an answer, which also clears the reason of an installed app) refused a
reason on an installed app.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0007_versions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='activity',
            constraint=models.CheckConstraint(condition=models.Q(('starts_at__isnull', True), ('ends_at__isnull', True), ('ends_at__gt', models.F('starts_at')), _connector='OR'), name='campaigns_activity_ends_after_start', violation_error_message='The activity must end after it starts.'),
        ),
        migrations.AddConstraint(
            model_name='antifraudcoverage',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'installed'), _negated=True), ('refused_reason', ''), _connector='OR'), name='campaigns_antifraudcoverage_reason_only_for_refusal', violation_error_message='Only a refusal has a reason; clear it or change the status.'),
        ),
    ]
