"""Rules of an assistance case held by the database as well as by its workflow.

Existing rows already obey them, so adding them cannot fail: the workflow steps are the only
path that writes these fields (a case is never imported, and the admin does not offer it),
and each step refused what these constraints refuse: a 公示 ending before it starts, a last
month before the first, a negative monthly income, an amount approved that is not positive.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0011_leaders_read_assistance'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='assistancecase',
            constraint=models.CheckConstraint(condition=models.Q(('publicity_start__isnull', True), ('publicity_end__isnull', True), ('publicity_end__gte', models.F('publicity_start')), _connector='OR'), name='casework_assistancecase_publicity_ends_after_start', violation_error_message='The public notice cannot end before it starts.'),
        ),
        migrations.AddConstraint(
            model_name='assistancecase',
            constraint=models.CheckConstraint(condition=models.Q(('start_month__isnull', True), ('end_month__isnull', True), ('end_month__gte', models.F('start_month')), _connector='OR'), name='casework_assistancecase_last_month_after_first', violation_error_message='The last month cannot be before the first.'),
        ),
        migrations.AddConstraint(
            model_name='assistancecase',
            constraint=models.CheckConstraint(condition=models.Q(('monthly_income__isnull', True), ('monthly_income__gte', 0), _connector='OR'), name='casework_assistancecase_income_not_negative', violation_error_message='The monthly income cannot be negative.'),
        ),
        migrations.AddConstraint(
            model_name='assistancecase',
            constraint=models.CheckConstraint(condition=models.Q(('amount_approved__isnull', True), ('amount_approved__gte', 0), _connector='OR'), name='casework_assistancecase_amount_approved_not_negative', violation_error_message='The amount approved cannot be negative.'),
        ),
    ]
